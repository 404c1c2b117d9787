Feature: Two staff review a person in seclusion every 2 hours, one a registered nurse, one not involved in the decision
  Rule SEC-03: Nursing reviews of seclusion follow at least every 2 hours, each by two people: one a registered
  nurse, and at least one not involved in the decision to seclude.
  Source: MHA Code of Practice 2015 ch 26 (about 26.121).
  Confidence: R.

  The first nursing review is due 2 hours after seclusion starts, and each later one 2 hours after the last one
  actually held (the mental health unit's rolling review clock). Nothing is owed at or after the end of the
  seclusion. Each nursing review is also checked for who took part: two people, one of them a registered nurse, and
  at least one who was not involved in the decision to seclude. A review that falls short is a finding from the
  moment it was held, naming each thing missing; it still counts as a review for the 2-hourly timing.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time from the
  previous review (or from the start of seclusion, for the first) to the one that met it. All times are UTC;
  4 March 2025 is a Tuesday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers seclusion from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-04 09:05
    And staff recorded incident INC-401 for Alex, seclusion decided on by Sam Lee (registered nurse):
      | practice  | from             | to |
      | seclusion | 2025-03-04 09:00 |    |

  Scenario: Reference scenario 3: a gap between nursing reviews, and a review by one nurse alone
    When it is 2025-03-04 13:10
    And these reviews of INC-401 are held:
      | review         | at               | by                                                                                      |
      | nursing review | 2025-03-04 10:50 | Sam Lee (registered nurse, involved in the decision) and Jo Patel (healthcare assistant) |
      | nursing review | 2025-03-04 13:05 | Sam Lee (registered nurse, involved in the decision)                                     |
    Then the 2-hourly nursing review of INC-401 due by 2025-03-04 11:00 was met on time at 2025-03-04 10:50
    And the 2-hourly nursing review of INC-401 due by 2025-03-04 12:50 was met late, by 15 min
    And the nursing review of INC-401 at 2025-03-04 13:05 is found wanting: one reviewer only, where two are needed; no reviewer independent of the decision to seclude
    And the 2-hourly nursing reviews of INC-401 fall due as follows:
      | from             | due by           | met at           | status   |
      | 2025-03-04 09:00 | 2025-03-04 11:00 | 2025-03-04 10:50 | MET      |
      | 2025-03-04 10:50 | 2025-03-04 12:50 | 2025-03-04 13:05 | MET_LATE |
      | 2025-03-04 13:05 | 2025-03-04 15:05 |                  | DUE_SOON |

  Scenario Outline: The first nursing review around its deadline
    When it is 2025-03-04 11:30
    And a nursing review of INC-401 is held at <held at> by Kim Ode (registered nurse) and Jo Patel (healthcare assistant)
    Then the 2-hourly nursing review of INC-401 due by 2025-03-04 11:00 is <status> with time to review <time to review>
    And no nursing review of INC-401 is found wanting

    Examples:
      | held at          | status   | time to review |
      | 2025-03-04 10:59 | MET      | 1 h 59 min     |
      | 2025-03-04 11:00 | MET      | 2 h            |
      | 2025-03-04 11:01 | MET_LATE | 2 h 1 min      |

  Scenario Outline: No nursing review yet
    When it is <moment>
    Then the 2-hourly nursing review of INC-401 due by 2025-03-04 11:00 is <status> with time to review <time to review>

    Examples:
      | moment           | status   | time to review |
      | 2025-03-04 09:00 | DUE_SOON | 2 h            |
      | 2025-03-04 11:00 | DUE_SOON | 0 min          |
      | 2025-03-04 11:01 | OVERDUE  | -1 min         |

  Scenario: Two healthcare assistants review Alex: no registered nurse
    When it is 2025-03-04 11:00
    And a nursing review of INC-401 is held at 2025-03-04 10:45 by Jo Patel (healthcare assistant) and Lee Ray (healthcare assistant)
    Then the nursing review of INC-401 at 2025-03-04 10:45 is found wanting: no registered nurse among the reviewers
    And the 2-hourly nursing review of INC-401 due by 2025-03-04 11:00 was met on time at 2025-03-04 10:45

  Scenario: Both reviewers took part in the decision to seclude
    When it is 2025-03-04 11:00
    And a nursing review of INC-401 is held at 2025-03-04 10:45 by Sam Lee (registered nurse, involved in the decision) and Jo Patel (healthcare assistant, involved in the decision)
    Then the nursing review of INC-401 at 2025-03-04 10:45 is found wanting: no reviewer independent of the decision to seclude

  Scenario: The seclusion ends at the deadline of the next nursing review
    When it is 2025-03-04 12:50
    And a nursing review of INC-401 is held at 2025-03-04 10:50 by Kim Ode (registered nurse) and Jo Patel (healthcare assistant)
    And incident INC-401 ends at 2025-03-04 12:50
    Then the 2-hourly nursing reviews of INC-401 fall due as follows:
      | from             | due by           | met at           | status |
      | 2025-03-04 09:00 | 2025-03-04 11:00 | 2025-03-04 10:50 | MET    |
