Feature: A formal post-incident review after restraint, rapid tranquillisation or seclusion
  Rule DEB-02: A formal post-incident review is held after each use of physical or mechanical restraint, rapid
  tranquillisation or seclusion.
  Source: NICE NG10 section 1.4 (formal external post-incident review within 72 hours).
  Confidence: R (recalled, not verified against the primary text).

  In a mental health unit the review is due 72 hours after the intervention ends. It shows as due soon from 12
  hours before the deadline, and the person's case then needs attention; after the deadline it is overdue and the
  case is not compliant. Only a review that was actually held meets the duty. Other restrictive practices, such as
  oral medication or observation, do not call for this review.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time the review took
  to happen after the intervention ended. Where the case's status is shown, the restraint kept within ten minutes,
  Alex's pulse and breathing were checked after it, and Alex and the staff were debriefed, so that the status
  follows the formal review alone. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint, prone restraint, restrictive escort, mechanical restraint, rapid tranquillisation, medication by injection that is not rapid tranquillisation, oral medication to calm, seclusion and enhanced observation from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-03 11:40

  Scenario Outline: A formal review is due within 72 hours of <practice>
    When staff record incident INC-101 for Alex, with a complete use-of-force record:
      | practice   | from             | to               |
      | <practice> | 2025-03-03 11:02 | 2025-03-03 11:15 |
    Then the formal post-incident review of INC-101 is due by 2025-03-06 11:15

    Examples:
      | practice               |
      | prone restraint        |
      | standing restraint     |
      | restrictive escort     |
      | rapid tranquillisation |
      | seclusion              |

  Scenario Outline: <practice> alone does not call for a formal review
    When staff record incident INC-101 for Alex, with a complete use-of-force record:
      | practice   | from             | to               |
      | <practice> | 2025-03-03 11:02 | 2025-03-03 11:15 |
    Then no formal post-incident review of INC-101 is due

    Examples:
      | practice                                                   |
      | oral medication to calm                                    |
      | medication by injection that is not rapid tranquillisation |
      | enhanced observation                                       |

  Scenario: Mechanical restraint is restraint, and calls for a formal review
    When staff record incident INC-101 for Alex, with a complete use-of-force record:
      | practice             | from             | to               |
      | mechanical restraint | 2025-03-03 11:02 | 2025-03-03 11:15 |
    Then the formal post-incident review of INC-101 is due by 2025-03-06 11:15

  Scenario Outline: No formal review is recorded after the restraint that ended on Monday at 11:15
    Given staff recorded incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff checked Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    And the staff involved in INC-101 were debriefed at 2025-03-03 14:00
    And a debrief with Alex after INC-101 was held at 2025-03-03 15:40
    When it is <moment>
    Then the formal post-incident review of INC-101 is <status> with time to review <time to review>
    And Alex's case is <case status>

    Examples:
      | moment           | status   | time to review | case status   |
      | 2025-03-03 11:40 | PENDING  | 71 h 35 min    | COMPLIANT     |
      | 2025-03-05 23:14 | PENDING  | 12 h 1 min     | COMPLIANT     |
      | 2025-03-05 23:15 | DUE_SOON | 12 h           | ATTENTION     |
      | 2025-03-06 11:15 | DUE_SOON | 0 min          | ATTENTION     |
      | 2025-03-06 11:16 | OVERDUE  | -1 min         | NON_COMPLIANT |

  Scenario Outline: A formal review held by the deadline is on time, one held after it is late
    Given staff recorded incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff checked Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    And the staff involved in INC-101 were debriefed at 2025-03-03 14:00
    And a debrief with Alex after INC-101 was held at 2025-03-03 15:40
    When the formal post-incident review of INC-101 is held at <held at>
    And it is 2025-03-06 12:00
    Then the formal post-incident review of INC-101 is <status> with time to review <time to review>
    And Alex's case is COMPLIANT

    Examples:
      | held at          | status   | time to review |
      | 2025-03-05 10:00 | MET      | 46 h 45 min    |
      | 2025-03-06 11:15 | MET      | 72 h           |
      | 2025-03-06 11:16 | MET_LATE | 72 h 1 min     |

  Scenario: A formal review that was called off does not meet the duty
    Given staff recorded incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff checked Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    And the staff involved in INC-101 were debriefed at 2025-03-03 14:00
    And a debrief with Alex after INC-101 was held at 2025-03-03 15:40
    When the formal post-incident review of INC-101 set for 2025-03-05 10:00 is not held, because "Consultant and ward manager both unavailable; to be rearranged"
    And it is 2025-03-06 11:16
    Then the formal post-incident review of INC-101 is OVERDUE with time to review -1 min
    And Alex's case is NON_COMPLIANT

  Scenario: In adult social care the formal review of NG10 is not required
    Given Dorothy Evans is a resident of Elm House, an adult social care service
    And Dorothy's best-interests decision, granted by Mary Doyle, registered manager, covers seated restraint from 2025-01-06 10:00 until 2025-07-06 10:00
    When staff record incident INC-201 for Dorothy:
      | practice         | from             | to               |
      | seated restraint | 2025-03-03 07:30 | 2025-03-03 07:40 |
    Then no formal post-incident review of INC-201 is due
    And the debrief with Dorothy after INC-201 is due by 2025-03-04 07:40
