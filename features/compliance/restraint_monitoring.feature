Feature: The person's physical health is checked during and after manual restraint
  Rule RES-04: The person's physical health is monitored during and after manual restraint.
  Source: NICE QS154 statement 3.
  Confidence: V1 (the one-hour limit is a provider setting: the statement gives no number).

  Once staff let go, a check of the person's physical health (vital signs such as pulse and breathing) is due
  within the unit's limit, one hour here. A check taken while the person was still held counts too. A note about
  how the person seems, with no vital signs taken, does not. The check shows as due soon from the moment staff let
  go, since it falls due within the twelve hours in which due duties are shown, and the person's case then needs
  attention; after the hour it is overdue and the case is not compliant. Mechanical restraint, medication and
  seclusion have their own monitoring and do not open this check. The rule is a departure from NICE guidance,
  which a clinician may justify.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time from letting
  go to the check. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint, prone restraint, seclusion and rapid tranquillisation from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-03 11:40
    And staff recorded incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |

  Scenario Outline: No check is recorded after the restraint that ended at 11:15
    When it is <moment>
    Then the physical health check after INC-101 is <status> with time to review <time to review>
    And Alex's case is <case status>

    Examples:
      | moment           | status   | time to review | case status   |
      | 2025-03-03 11:15 | DUE_SOON | 1 h            | ATTENTION     |
      | 2025-03-03 12:15 | DUE_SOON | 0 min          | ATTENTION     |
      | 2025-03-03 12:16 | OVERDUE  | -1 min         | NON_COMPLIANT |

  Scenario Outline: A check exactly an hour after letting go is on time, a minute later it is late
    When staff check Alex's pulse and breathing at <checked at> after INC-101
    And it is 2025-03-03 13:00
    Then the physical health check after INC-101 is <status> with time to review <time to review>
    And Alex's case is COMPLIANT

    Examples:
      | checked at       | status   | time to review |
      | 2025-03-03 11:20 | MET      | 5 min          |
      | 2025-03-03 12:15 | MET      | 1 h            |
      | 2025-03-03 12:16 | MET_LATE | 1 h 1 min      |

  Scenario: A check taken while Alex was still held meets the duty
    When staff check Alex's pulse and breathing at 2025-03-03 11:12, during INC-101
    And it is 2025-03-03 11:40
    Then the physical health check after INC-101 is MET
    And the physical health check after INC-101 was met at 2025-03-03 11:12
    And Alex's case is COMPLIANT

  Scenario: A note of how Alex seems, with no vital signs taken, does not meet the duty
    When at 2025-03-03 11:20 staff note after INC-101 that Alex is awake and settled, without taking observations
    And it is 2025-03-03 12:16
    Then the physical health check after INC-101 is OVERDUE with time to review -1 min
    And Alex's case is NON_COMPLIANT

  Scenario: The check falls due an hour after staff let go, even when seclusion follows
    When staff record incident INC-102 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 14:00 | 2025-03-03 14:06 |
      | seclusion          | 2025-03-03 14:06 |                  |
    Then the physical health check after INC-102 is due by 2025-03-03 15:06

  Scenario: Rapid tranquillisation alone has its own observations, not this check
    When staff record incident INC-103 for Alex, with a complete use-of-force record:
      | practice               | from             | to               |
      | rapid tranquillisation | 2025-03-03 15:00 | 2025-03-03 15:00 |
    Then no physical health check after INC-103 is due
