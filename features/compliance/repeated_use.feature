Feature: Repeated restrictive interventions make a care-plan review due
  Rule GOV-02: Repeated use of restrictive practice makes a care-plan review due: restrictive practice must not
  become the norm.
  Source: CQC restrictive practice policy position (Aug 2023), via CQC and HCUK summaries.
  Confidence: V2.

  CQC expects leaders to understand what led up to each incident and to reduce restrictive practice actively. No
  national number says when use has become repeated, so the unit's policy sets one: a third intervention starting
  within 28 days of the first of them (both days counted to the minute) makes a review of the care plan due within
  7 days of the start of that third intervention. Any revision of the care plan made from then on meets it, whether
  or not it names the interventions. The interventions counted towards one review do not count towards the next:
  three more are needed for another. The review shows as due soon from 12 hours before its deadline.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time from the start
  of the third intervention to the revision. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint, prone restraint and seclusion from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-30 11:00
    And staff recorded these incidents for Alex:
      | incident | practice           | from             | to               |
      | INC-101  | standing restraint | 2025-03-03 11:02 | 2025-03-03 11:15 |
      | INC-102  | prone restraint    | 2025-03-12 19:40 | 2025-03-12 19:46 |

  Scenario Outline: A third intervention in 28 days, and no review of the care plan
    Given staff recorded these incidents for Alex:
      | incident | practice  | from             | to               |
      | INC-103  | seclusion | 2025-03-30 08:15 | 2025-03-30 10:40 |
    When it is <moment>
    Then the care-plan review for repeated use, prompted by INC-103, is due by 2025-04-06 08:15
    And the care-plan review for repeated use, prompted by INC-103, is <status> with time to review <time to review>

    Examples:
      | moment           | status   | time to review |
      | 2025-03-30 11:00 | PENDING  | 165 h 15 min   |
      | 2025-04-05 20:14 | PENDING  | 12 h 1 min     |
      | 2025-04-05 20:15 | DUE_SOON | 12 h           |
      | 2025-04-06 08:15 | DUE_SOON | 0 min          |
      | 2025-04-06 08:16 | OVERDUE  | -1 min         |

  Scenario: The care plan reviewed on Wednesday meets the duty on time
    Given staff recorded these incidents for Alex:
      | incident | practice  | from             | to               |
      | INC-103  | seclusion | 2025-03-30 08:15 | 2025-03-30 10:40 |
    When Alex's care plan is revised at 2025-04-02 15:00 without naming any incident: "Review of three incidents in four weeks: evening triggers identified; PRN by mouth offered earlier"
    And it is 2025-04-07 09:00
    Then the care-plan review for repeated use, prompted by INC-103, is MET with time to review 78 h 45 min

  Scenario: The care plan reviewed two days after the deadline meets the duty late
    Given staff recorded these incidents for Alex:
      | incident | practice  | from             | to               |
      | INC-103  | seclusion | 2025-03-30 08:15 | 2025-03-30 10:40 |
    When Alex's care plan is revised at 2025-04-08 10:00 after INC-103: "Seclusion and both restraints reviewed with Alex and his sister"
    And it is 2025-04-08 10:00
    Then the care-plan review for repeated use, prompted by INC-103, is MET_LATE with time to review 217 h 45 min

  Scenario: A revision made before the third intervention does not review it
    When Alex's care plan is revised at 2025-03-20 10:00 after INC-102: "Prone restraint removed from the permitted interventions"
    And staff record these incidents for Alex:
      | incident | practice  | from             | to               |
      | INC-103  | seclusion | 2025-03-30 08:15 | 2025-03-30 10:40 |
    And it is 2025-04-06 08:16
    Then the care-plan review for repeated use, prompted by INC-103, is OVERDUE with time to review -1 min

  Scenario Outline: The 28 days run to the minute of the first intervention's start
    Given it is 2025-03-31 12:00
    And staff recorded these incidents for Alex:
      | incident | practice           | from    | to               |
      | INC-103  | standing restraint | <start> | 2025-03-31 11:20 |
    Then <count> care-plan review for repeated use is due for Alex

    Examples:
      | start            | count |
      | 2025-03-31 11:02 | one   |
      | 2025-03-31 11:03 | no    |

  Scenario: Interventions counted towards one review do not count towards the next
    Given it is 2025-03-24 09:00
    And staff recorded these incidents for Alex:
      | incident | practice           | from             | to               |
      | INC-103  | standing restraint | 2025-03-14 07:50 | 2025-03-14 07:58 |
      | INC-104  | standing restraint | 2025-03-17 21:05 | 2025-03-17 21:12 |
      | INC-105  | prone restraint    | 2025-03-20 13:30 | 2025-03-20 13:41 |
      | INC-106  | standing restraint | 2025-03-23 18:10 | 2025-03-23 18:16 |
    Then the care-plan reviews for repeated use due for Alex are:
      | prompted by | due by           |
      | INC-103     | 2025-03-21 07:50 |
      | INC-106     | 2025-03-30 18:10 |
