Feature: A debrief with the person after each restrictive intervention
  Rule DEB-01: A debrief with the person is held, or offered and declined with a reason, after each use of
  restraint, rapid tranquillisation, seclusion or segregation.
  Source: NICE QS154 statement 5 (immediate post-incident debrief); time limit is a provider setting.
  Confidence: V1.

  The mental health unit's policy gives 24 hours from the end of the intervention. The debrief shows as due soon
  from 12 hours before the deadline, and the person's case then needs attention; once the deadline has passed it is
  overdue and the case is not compliant. A debrief the person declines, with the reason recorded, meets the duty;
  a debrief with the staff alone does not.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time the debrief
  took to happen after the intervention ended. The restraint kept within ten minutes and Alex's pulse and breathing
  were checked after it. From the deadline the record must also say whether the post-incident reviews with Alex and
  with the staff were held (DEB-03): the case is not compliant from that minute while either is missing, so the
  scenarios that end compliant debrief the staff too. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint, prone restraint, seclusion and enhanced observation from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-03 11:40
    And staff recorded incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff checked Alex's pulse and breathing at 2025-03-03 11:20 after INC-101

  Scenario Outline: No debrief is recorded after the restraint that ended on Monday at 11:15
    When it is <moment>
    Then the debrief with Alex after INC-101 is <status> with time to review <time to review>
    And Alex's case is <case status>

    Examples:
      | moment           | status   | time to review | case status   |
      | 2025-03-03 11:40 | PENDING  | 23 h 35 min    | COMPLIANT     |
      | 2025-03-03 23:14 | PENDING  | 12 h 1 min     | COMPLIANT     |
      | 2025-03-03 23:15 | DUE_SOON | 12 h           | ATTENTION     |
      | 2025-03-04 11:14 | DUE_SOON | 1 min          | ATTENTION     |
      | 2025-03-04 11:15 | DUE_SOON | 0 min          | NON_COMPLIANT |
      | 2025-03-04 11:16 | OVERDUE  | -1 min         | NON_COMPLIANT |
      | 2025-03-04 20:00 | OVERDUE  | -8 h 45 min    | NON_COMPLIANT |

  Scenario Outline: A debrief with Alex the same afternoon meets the duty on time
    When the staff involved in INC-101 are debriefed at 2025-03-03 14:00
    And a debrief with Alex after INC-101 is held at 2025-03-03 15:40
    And it is <moment>
    Then the debrief with Alex after INC-101 is <status> with time to review <time to review>
    And Alex's case is <case status>

    Examples:
      | moment           | status  | time to review | case status |
      | 2025-03-03 15:39 | PENDING | 19 h 36 min    | COMPLIANT   |
      | 2025-03-03 15:40 | MET     | 4 h 25 min     | COMPLIANT   |
      | 2025-03-04 11:16 | MET     | 4 h 25 min     | COMPLIANT   |

  Scenario Outline: A debrief held exactly at the deadline is on time, a minute later it is late
    When the staff involved in INC-101 are debriefed at 2025-03-03 14:00
    And a debrief with Alex after INC-101 is held at <held at>
    And it is 2025-03-04 12:00
    Then the debrief with Alex after INC-101 is <status> with time to review <time to review>
    And Alex's case is COMPLIANT

    Examples:
      | held at          | status   | time to review |
      | 2025-03-04 11:15 | MET      | 24 h           |
      | 2025-03-04 11:16 | MET_LATE | 24 h 1 min     |

  Scenario Outline: A debrief held on Tuesday afternoon meets the duty late
    When the staff involved in INC-101 are debriefed at 2025-03-03 14:00
    And a debrief with Alex after INC-101 is held at 2025-03-04 13:00
    And it is <moment>
    Then the debrief with Alex after INC-101 is <status> with time to review <time to review>
    And Alex's case is <case status>

    Examples:
      | moment           | status   | time to review | case status   |
      | 2025-03-04 12:59 | OVERDUE  | -1 h 44 min    | NON_COMPLIANT |
      | 2025-03-04 13:00 | MET_LATE | 25 h 45 min    | COMPLIANT     |

  Scenario: Alex declines the debrief and the reason is recorded
    When the staff involved in INC-101 are debriefed at 2025-03-03 14:00
    And Alex declines the debrief offered at 2025-03-03 12:30 after INC-101, saying "Too upset to talk now; asked to talk with his named nurse tomorrow"
    And it is 2025-03-04 11:16
    Then the debrief with Alex after INC-101 is MET with time to review 1 h 15 min
    And Alex's case is COMPLIANT

  Scenario: A debrief with the staff involved does not stand in for the debrief with Alex
    When the staff involved in INC-101 are debriefed at 2025-03-03 14:00
    And it is 2025-03-04 11:16
    Then the debrief with Alex after INC-101 is OVERDUE with time to review -1 min
    And Alex's case is NON_COMPLIANT

  Scenario: No debrief falls due while Alex is still in seclusion
    Given staff recorded incident INC-102 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-03 14:00 |    |
    When it is 2025-03-03 20:00
    Then no debrief with Alex after INC-102 is due

  Scenario: The 24 hours run from the end of the seclusion, not from its start
    Given staff recorded incident INC-102 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-03 14:00 |    |
    When incident INC-102 ends at 2025-03-03 21:30
    Then the debrief with Alex after INC-102 is due by 2025-03-04 21:30

  Scenario: Enhanced observation alone is not an incident that calls for a post-incident debrief
    When staff record incident INC-103 for Alex:
      | practice             | from             | to               |
      | enhanced observation | 2025-03-04 08:00 | 2025-03-04 20:00 |
    And it is 2025-03-04 20:30
    Then no debrief with Alex after INC-103 is due
