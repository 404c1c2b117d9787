Feature: The record says whether post-incident reviews were held with the person and with the staff
  Rule DEB-03: Each incident records whether a post-incident review was held with the person (with the reason if
  not) and with the staff involved.
  Source: MHSDS MHS505 RestrictiveIntPIReviewHeldPat, RestrictiveIntPIReviewNotHeldReasPat,
  RestrictiveIntPIReviewHeldCarePers.
  Confidence: V1 (the fields; the list of reasons for not holding one is not yet confirmed).

  The national data set asks of every incident whether a post-incident review was held with the patient, and the
  reason if it was not, and whether one was held with the staff involved. The record gives the first by a debrief
  with the person, held or declined with the reason, and the second by a debrief with the staff. In a mental
  health unit both are due by the end of the unit's window for the debrief with the person: 24 hours after the
  intervention ends. A debrief at the deadline itself is in time. If either is missing at the deadline, the record
  is a finding from then, naming the flags missing, until the debrief that supplies them: each debrief counts from
  the time it was held (or offered, if declined). The formal post-incident review is a separate duty and does not
  supply either flag. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint, prone restraint and enhanced observation from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-03 11:40
    And staff recorded incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff checked Alex's pulse and breathing at 2025-03-03 11:20 after INC-101

  Scenario: Scenario 8: no debrief and no reason recorded by Tuesday 11:15
    When it is 2025-03-04 11:16
    Then the debrief with Alex after INC-101 is OVERDUE with time to review -1 min
    And the findings under DEB-03 about INC-101 are:
      | from             | until | finding                                                                                                                                                                                                       |
      | 2025-03-04 11:15 |       | the record does not give MHSDS RestrictiveIntPIReviewHeldPat (a post-incident review with the patient, or the reason it was not held); RestrictiveIntPIReviewHeldCarePers (a post-incident review with the staff involved) |
    And the formal post-incident review of INC-101 is due by 2025-03-06 11:15
    And the formal post-incident review of INC-101 is PENDING with time to review 47 h 59 min
    And Alex's case is NON_COMPLIANT

  Scenario: Both debriefs held the same day give both flags
    When the staff involved in INC-101 are debriefed at 2025-03-03 14:00
    And a debrief with Alex after INC-101 is held at 2025-03-03 15:40
    And it is 2025-03-04 12:00
    Then no finding under DEB-03 is open about INC-101
    And Alex's case is COMPLIANT

  Scenario: Alex declines, the reason is recorded, and that is the patient flag
    When Alex declines the debrief offered at 2025-03-03 12:30 after INC-101, saying "Too upset to talk now; asked to talk with his named nurse tomorrow"
    And the staff involved in INC-101 are debriefed at 2025-03-03 14:00
    And it is 2025-03-04 12:00
    Then no finding under DEB-03 is open about INC-101
    And Alex's case is COMPLIANT

  Scenario Outline: The staff debrief exactly at the deadline is in time, a minute later the record falls short
    When a debrief with Alex after INC-101 is held at 2025-03-03 15:40
    And the staff involved in INC-101 are debriefed at <held at>
    And it is <moment>
    Then Alex's case is <case status>

    Examples:
      | held at          | moment           | case status   |
      | 2025-03-04 11:15 | 2025-03-04 11:15 | COMPLIANT     |
      | 2025-03-04 11:16 | 2025-03-04 11:15 | NON_COMPLIANT |
      | 2025-03-04 11:16 | 2025-03-04 11:16 | COMPLIANT     |

  Scenario: The staff are debriefed on Tuesday afternoon: the record falls short until then
    When a debrief with Alex after INC-101 is held at 2025-03-03 15:40
    And the staff involved in INC-101 are debriefed at 2025-03-04 14:00
    And it is 2025-03-04 14:00
    Then no finding under DEB-03 is open about INC-101
    And the findings under DEB-03 about INC-101 are:
      | from             | until            | finding                                                                                                            |
      | 2025-03-04 11:15 | 2025-03-04 14:00 | the record does not give MHSDS RestrictiveIntPIReviewHeldCarePers (a post-incident review with the staff involved) |

  Scenario: One flag is supplied, then the other: the finding says at each time what is still missing
    When the staff involved in INC-101 are debriefed at 2025-03-04 12:00
    And a debrief with Alex after INC-101 is held at 2025-03-04 15:00
    And it is 2025-03-04 16:00
    Then the findings under DEB-03 about INC-101 are:
      | from             | until            | finding                                                                                                                                                                                                       |
      | 2025-03-04 11:15 | 2025-03-04 12:00 | the record does not give MHSDS RestrictiveIntPIReviewHeldPat (a post-incident review with the patient, or the reason it was not held); RestrictiveIntPIReviewHeldCarePers (a post-incident review with the staff involved) |
      | 2025-03-04 12:00 | 2025-03-04 15:00 | the record does not give MHSDS RestrictiveIntPIReviewHeldPat (a post-incident review with the patient, or the reason it was not held)                                                                      |

  Scenario: The formal post-incident review does not give either flag
    When the staff involved in INC-101 are debriefed at 2025-03-03 14:00
    And the formal post-incident review of INC-101 is held at 2025-03-04 10:00
    And it is 2025-03-04 11:16
    Then the findings under DEB-03 about INC-101 are:
      | from             | until | finding                                                                                                                              |
      | 2025-03-04 11:15 |       | the record does not give MHSDS RestrictiveIntPIReviewHeldPat (a post-incident review with the patient, or the reason it was not held) |

  Scenario: Enhanced observation alone is not an incident the data set asks about
    When staff record incident INC-103 for Alex:
      | practice             | from             | to               |
      | enhanced observation | 2025-03-04 08:00 | 2025-03-04 20:00 |
    And it is 2025-03-06 09:00
    Then no finding under DEB-03 is open about INC-103

  Scenario: In adult social care the data set's flags are not required
    Given Dorothy Evans is a resident of Elm House, an adult social care service
    And Dorothy's best-interests decision, granted by Mary Doyle, registered manager, covers seated restraint from 2025-01-06 10:00 until 2025-07-06 10:00
    And staff recorded incident INC-201 for Dorothy:
      | practice         | from             | to               |
      | seated restraint | 2025-03-03 07:30 | 2025-03-03 07:40 |
    When it is 2025-03-05 09:00
    Then no finding under DEB-03 is open about INC-201
