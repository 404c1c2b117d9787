Feature: A record that says the force used was in the care plan agrees with the plan
  Rule CP-03: Where the record of a use of force says the force was in the care plan, the plan in force lists that
  practice.
  Source: Mental Health Units (Use of Force) Act 2018 s6(5)(d), (p).
  Confidence: V1.

  The use-of-force record says whether the force used was part of the person's care plan. When it says yes, the
  plan in force when the intervention started (the latest version written by then) must list every practice used.
  If it does not, or if no plan was in force, or if the plan does not say which interventions it permits, the
  record contradicts the plan: a finding from the end of the intervention, naming the practices the plan does not
  list and the plan's version. A correction of the record closes the finding from the moment it is made. A record
  that says no is not judged against the plan. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint, prone restraint and supine restraint from 2025-02-20 09:00 until 2025-08-20 09:00
    And Alex's care plan version 3, written at 2025-01-03 10:00, permits standing restraint and supine restraint
    And it is 2025-03-03 11:40

  Scenario: The record says the restraint was in the care plan, and the plan lists every hold used
    When staff record incident INC-101 for Alex, the record saying the force used was part of the care plan:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | supine restraint   | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff check Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    Then no finding under CP-03 is open about INC-101
    And Alex's case is COMPLIANT

  Scenario: Scenario 9: the record says the prone restraint was in the care plan, but version 3 does not list it
    Given staff recorded incident INC-101 for Alex, the record saying the force used was part of the care plan:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:02 | 2025-03-03 11:04 |
      | prone restraint    | 2025-03-03 11:04 | 2025-03-03 11:15 |
    When it is 2025-03-10 11:16
    Then the findings under CP-03 about INC-101 are:
      | from             | until | finding                                                                                              |
      | 2025-03-03 11:15 |       | the record says the force used was part of the care plan, but care plan version 3 does not list PHYS.PRONE |
    And the care-plan revision after INC-101 is OVERDUE with time to review -1 min

  Scenario Outline: A version written by the time the restraint started is the plan in force; one a minute later is not
    Given Alex's care plan version 4, written at <written at>, permits standing restraint, prone restraint and supine restraint
    When staff record incident INC-101 for Alex, the record saying the force used was part of the care plan:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff check Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    Then Alex's case is <case status>

    Examples:
      | written at       | case status   |
      | 2025-03-03 11:05 | COMPLIANT     |
      | 2025-03-03 11:06 | NON_COMPLIANT |

  Scenario Outline: The nurse in charge corrects the record at 16:30: the prone restraint was not in the care plan
    Given staff recorded incident INC-101 for Alex, the record saying the force used was part of the care plan:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff checked Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    And it is 2025-03-03 16:30
    When the nurse in charge corrects the record of INC-101: the force used was not part of the care plan
    And it is <moment>
    Then Alex's case is <case status>

    Examples:
      | moment           | case status   |
      | 2025-03-03 11:14 | COMPLIANT     |
      | 2025-03-03 11:15 | NON_COMPLIANT |
      | 2025-03-03 16:29 | NON_COMPLIANT |
      | 2025-03-03 16:30 | COMPLIANT     |

  Scenario: A record that says the restraint was not in the care plan is not judged against it
    When staff record incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    Then no finding under CP-03 is open about INC-101

  Scenario: A plan that does not say which interventions it permits cannot bear out the record
    Given Alex's care plan version 4, written at 2025-02-28 10:00, does not say which restrictive interventions it permits
    When staff record incident INC-101 for Alex, the record saying the force used was part of the care plan:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:12 |
    Then the findings under CP-03 about INC-101 are:
      | from             | until | finding                                                                                                                  |
      | 2025-03-03 11:12 |       | the record says the force used was part of the care plan, but care plan version 4 does not say which restrictive interventions it permits |

  Scenario: No care plan at all
    Given Ben Carter is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder             | relevant characteristics | learning disability or autism |
      | 485 777 3456 | not known, under assessment | man, 19, White British   | no                            |
    And Ben's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint from 2025-03-03 09:00 until 2025-03-31 09:00
    When staff record incident INC-301 for Ben, the record saying the force used was part of the care plan:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:20 | 2025-03-03 11:26 |
    Then the findings under CP-03 about INC-301 are:
      | from             | until | finding                                                                                                   |
      | 2025-03-03 11:26 |       | the record says the force used was part of the care plan, but no care plan was in force when it started at 2025-03-03 11:20 |
