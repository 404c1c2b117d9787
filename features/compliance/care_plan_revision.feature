Feature: The care plan is revised after each restrictive intervention
  Rule CP-01: The care plan is revised after each use of restrictive practice.
  Source: CQC cross-sector restrictive practice policy position (Aug 2023); no national time limit, a provider
  setting.
  Confidence: V2.

  No national deadline exists, so the provider sets one: here 7 days from the end of the intervention. The revision
  meets the duty only if it names the intervention that prompted it. The revision shows as due soon from 12 hours
  before the deadline, and the person's case then needs attention; after the deadline it is overdue and the case
  is not compliant. A revision made late still meets the duty, and stays on the record as met late.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time the revision
  took to happen after the intervention ended. Everything else the restraint called for was done in time (it kept
  within ten minutes, Alex's pulse and breathing were checked, Alex and the staff were debriefed, the formal review
  was held), so the case's status follows this duty alone. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint and prone restraint from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-03 11:40
    And staff recorded incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff checked Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    And the staff involved in INC-101 were debriefed at 2025-03-03 14:00
    And a debrief with Alex after INC-101 was held at 2025-03-03 15:40
    And the formal post-incident review of INC-101 was held at 2025-03-05 10:00

  Scenario Outline: The care plan is still the version from before the restraint
    When it is <moment>
    Then the care-plan revision after INC-101 is <status> with time to review <time to review>
    And Alex's case is <case status>

    Examples:
      | moment           | status   | time to review | case status   |
      | 2025-03-06 11:15 | PENDING  | 96 h           | COMPLIANT     |
      | 2025-03-09 23:14 | PENDING  | 12 h 1 min     | COMPLIANT     |
      | 2025-03-09 23:15 | DUE_SOON | 12 h           | ATTENTION     |
      | 2025-03-10 11:15 | DUE_SOON | 0 min          | ATTENTION     |
      | 2025-03-10 11:16 | OVERDUE  | -1 min         | NON_COMPLIANT |

  Scenario Outline: A revision naming the restraint, made on Thursday, meets the duty on time
    When Alex's care plan is revised at 2025-03-06 14:00 after INC-101: "Early warning signs and a de-escalation plan added; prone restraint removed from the permitted interventions"
    And it is <moment>
    Then the care-plan revision after INC-101 is <status> with time to review <time to review>
    And Alex's case is COMPLIANT

    Examples:
      | moment           | status  | time to review |
      | 2025-03-06 13:59 | PENDING | 93 h 16 min    |
      | 2025-03-06 14:00 | MET     | 74 h 45 min    |
      | 2025-03-10 11:16 | MET     | 74 h 45 min    |

  Scenario Outline: A revision naming the restraint, made two days after the deadline, meets the duty late
    When Alex's care plan is revised at 2025-03-12 09:30 after INC-101: "Triggers around evening medication added; staff to offer the quiet room first"
    And it is <moment>
    Then the care-plan revision after INC-101 is <status> with time to review <time to review>
    And Alex's case is <case status>

    Examples:
      | moment           | status   | time to review | case status   |
      | 2025-03-10 11:15 | DUE_SOON | 0 min          | ATTENTION     |
      | 2025-03-12 09:29 | OVERDUE  | -46 h 14 min   | NON_COMPLIANT |
      | 2025-03-12 09:30 | MET_LATE | 214 h 15 min   | COMPLIANT     |

  Scenario: A revision that does not name the restraint does not meet the duty
    When Alex's care plan is revised at 2025-03-05 16:00 without naming any incident: "Physical health section updated after the annual health check"
    And it is 2025-03-10 11:16
    Then the care-plan revision after INC-101 is OVERDUE with time to review -1 min
    And Alex's case is NON_COMPLIANT

  Scenario: In adult social care the same duty follows a restraint during personal care
    Given Dorothy Evans is a resident of Elm House, an adult social care service
    And Dorothy's best-interests decision, granted by Mary Doyle, registered manager, covers seated restraint from 2025-01-06 10:00 until 2025-07-06 10:00
    And staff recorded incident INC-201 for Dorothy:
      | practice         | from             | to               |
      | seated restraint | 2025-03-03 07:30 | 2025-03-03 07:40 |
    When Dorothy's care plan is revised at 2025-03-07 15:00 after INC-201: "Personal care moved to mid-morning, when Dorothy is most settled; her daughter to be asked about her routines"
    And it is 2025-03-10 08:00
    Then the care-plan revision after INC-201 is MET with time to review 103 h 20 min
