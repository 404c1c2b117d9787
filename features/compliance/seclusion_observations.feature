Feature: A person in seclusion is observed, and the observation written down, at least every 15 minutes
  Rule SEC-07: A person in seclusion is observed, and an observation documented, at least every 15 minutes.
  Source: MHA Code of Practice 2015 ch 26 (about 26.130-26.131).
  Confidence: R.

  The first documented observation is due 15 minutes after seclusion starts, and each later one 15 minutes after
  the last one written down (the mental health unit's rolling review clock). Any observation recorded for the
  seclusion counts. Nothing is owed at or after the end of the seclusion.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time from the
  previous observation (or from the start of seclusion, for the first) to the one that met it. All times are UTC;
  4 March 2025 is a Tuesday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers seclusion from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-04 09:05
    And staff recorded incident INC-701 for Alex, seclusion decided on by Sam Lee (registered nurse):
      | practice  | from             | to |
      | seclusion | 2025-03-04 09:00 |    |

  Scenario: Observations written down every 15 minutes
    When it is 2025-03-04 10:10
    And observations of INC-701 are recorded every 15 min from 2025-03-04 09:15 to 2025-03-04 10:00
    Then the 15-minute observations of INC-701 fall due as follows:
      | from             | due by           | met at           | status   |
      | 2025-03-04 09:00 | 2025-03-04 09:15 | 2025-03-04 09:15 | MET      |
      | 2025-03-04 09:15 | 2025-03-04 09:30 | 2025-03-04 09:30 | MET      |
      | 2025-03-04 09:30 | 2025-03-04 09:45 | 2025-03-04 09:45 | MET      |
      | 2025-03-04 09:45 | 2025-03-04 10:00 | 2025-03-04 10:00 | MET      |
      | 2025-03-04 10:00 | 2025-03-04 10:15 |                  | DUE_SOON |

  Scenario Outline: The first observation around its deadline
    When it is 2025-03-04 09:20
    And an observation of INC-701 is recorded at <observed at>
    Then the 15-minute observation of INC-701 due by 2025-03-04 09:15 is <status> with time to review <time to review>

    Examples:
      | observed at      | status   | time to review |
      | 2025-03-04 09:14 | MET      | 14 min         |
      | 2025-03-04 09:15 | MET      | 15 min         |
      | 2025-03-04 09:16 | MET_LATE | 16 min         |

  Scenario: An observation 25 minutes after the last one is 10 minutes late
    When it is 2025-03-04 09:45
    And an observation of INC-701 is recorded at 2025-03-04 09:15
    And an observation of INC-701 is recorded at 2025-03-04 09:40
    Then the 15-minute observation of INC-701 due by 2025-03-04 09:30 was met late, by 10 min

  Scenario Outline: No observation written down yet
    When it is <moment>
    Then the 15-minute observation of INC-701 due by 2025-03-04 09:15 is <status> with time to review <time to review>

    Examples:
      | moment           | status   | time to review |
      | 2025-03-04 09:15 | DUE_SOON | 0 min          |
      | 2025-03-04 09:16 | OVERDUE  | -1 min         |
      | 2025-03-04 10:00 | OVERDUE  | -45 min        |

  Scenario: A seclusion that ends at the deadline owes no further observation
    When it is 2025-03-04 09:30
    And an observation of INC-701 is recorded at 2025-03-04 09:15
    And incident INC-701 ends at 2025-03-04 09:30
    Then the 15-minute observations of INC-701 fall due as follows:
      | from             | due by           | met at           | status |
      | 2025-03-04 09:00 | 2025-03-04 09:15 | 2025-03-04 09:15 | MET    |

  Scenario: A seclusion that ends a minute after the deadline still owed the observation
    When it is 2025-03-04 09:31
    And an observation of INC-701 is recorded at 2025-03-04 09:15
    And incident INC-701 ends at 2025-03-04 09:31
    Then the 15-minute observation of INC-701 due by 2025-03-04 09:30 is overdue by 1 min
