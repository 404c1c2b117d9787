Feature: The record of each use of force holds every item the Use of Force Act requires
  Rule UOF-03: The record of each use of force holds every item of Use of Force Act s6(5)(a)-(p).
  Source: Mental Health Units (Use of Force) Act 2018 s6(5)(a)-(p).
  Confidence: V1.

  In a mental health unit the record of a use of force is judged as it stood at each moment, from the end of the
  use. An item left out is a finding that names the missing items of s6(5), and the person's case is not
  compliant while it stands. A correction that supplies what was missing closes the finding from the moment the
  correction was made, not before: the gap stays on the record for inspectors to see. The restraints here kept
  within ten minutes and Alex's pulse and breathing were checked after them, so that the case's status follows the
  record alone. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint and prone restraint from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-03 11:40

  Scenario: A complete record raises no finding
    When staff record incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff check Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    Then the use-of-force record of INC-101 is complete
    And Alex's case is COMPLIANT

  Scenario: The record leaves out the efforts to avoid force and the staff's job titles
    When staff record incident INC-101 for Alex, the record naming Sam Lee and Jo Patel without job titles and giving no efforts made to avoid force:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff check Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    Then the use-of-force record of INC-101 is incomplete, missing (h) and (o)
    And Alex's case is NON_COMPLIANT

  Scenario Outline: The nurse in charge completes the record at 16:30, closing the finding from then on
    Given staff recorded incident INC-101 for Alex, the record naming Sam Lee and Jo Patel without job titles and giving no efforts made to avoid force:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff checked Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    And it is 2025-03-03 16:30
    When the nurse in charge adds to the record of INC-101 the job titles of the staff who used force:
      | name     | job title            |
      | Sam Lee  | Staff nurse          |
      | Jo Patel | Healthcare assistant |
    And the nurse in charge adds to the record of INC-101 the efforts made to avoid force: "Offered time in the quiet room and PRN by mouth; talked with Alex for ten minutes"
    And it is <moment>
    Then the use-of-force record of INC-101 is <record>
    And Alex's case is <case status>

    Examples:
      | moment           | record                          | case status   |
      | 2025-03-03 11:15 | incomplete, missing (h) and (o) | NON_COMPLIANT |
      | 2025-03-03 16:29 | incomplete, missing (h) and (o) | NON_COMPLIANT |
      | 2025-03-03 16:30 | complete                        | COMPLIANT     |
      | 2025-03-03 20:00 | complete                        | COMPLIANT     |

  Scenario: A correction that supplies only the job titles leaves the efforts to avoid force missing
    Given staff recorded incident INC-101 for Alex, the record naming Sam Lee and Jo Patel without job titles and giving no efforts made to avoid force:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And it is 2025-03-03 16:30
    When the nurse in charge adds to the record of INC-101 the job titles of the staff who used force:
      | name     | job title            |
      | Sam Lee  | Staff nurse          |
      | Jo Patel | Healthcare assistant |
    Then the use-of-force record of INC-101 is incomplete, missing (o)
    And the findings about the use-of-force record of INC-101 are:
      | from             | until            | missing     |
      | 2025-03-03 11:15 | 2025-03-03 16:30 | (h) and (o) |
      | 2025-03-03 16:30 |                  | (o)         |

  Scenario: An NHS number unknown at the time of the restraint is added the next morning
    Given Ben Carter is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number | mental disorder             | relevant characteristics | learning disability or autism |
      |            | not known, under assessment | man, 19, White British   | no                            |
    And Ben's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint from 2025-03-03 09:00 until 2025-03-31 09:00
    And staff recorded incident INC-301 for Ben, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:20 | 2025-03-03 11:26 |
    And it is 2025-03-04 09:10
    When the ward administrator adds Ben's NHS number "485 777 3456" to his details
    Then the use-of-force record of INC-301 is complete
    And the findings about the use-of-force record of INC-301 are:
      | from             | until            | missing |
      | 2025-03-03 11:26 | 2025-03-04 09:10 | (g)     |
