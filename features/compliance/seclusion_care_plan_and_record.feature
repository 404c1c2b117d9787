Feature: Seclusion has its care plan, and is recorded as it happens
  Rule SEC-08: Seclusion has a seclusion care plan and a contemporaneous record: recorded while it goes on, not
  only after it ends.
  Source: MHA Code of Practice 2015 ch 26.
  Confidence: R.

  The record of a seclusion is made while it goes on: one first recorded only after the seclusion had ended is a
  finding from the moment it was recorded. The seclusion care plan is due 24 hours after the seclusion starts (the
  Code gives no number; this is the mental health unit's setting). Any revision of the person's care plan made
  after the seclusion started meets it: while the seclusion goes on, a revision cannot yet name it. Nothing is owed
  for a seclusion that ends by the deadline.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time from the start
  of seclusion to the revision. All times are UTC; 4 March 2025 is a Tuesday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers seclusion from 2025-02-20 09:00 until 2025-08-20 09:00

  Scenario: A seclusion recorded as it starts is contemporaneous
    Given it is 2025-03-04 09:05
    And staff recorded incident INC-801 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 09:00 |    |
    When it is 2025-03-04 12:00
    And incident INC-801 ends at 2025-03-04 12:00
    Then no finding under SEC-08 is open about INC-801

  Scenario: A seclusion recorded at the minute it ends is contemporaneous
    Given it is 2025-03-04 12:00
    When staff record incident INC-802 for Alex, with a complete use-of-force record:
      | practice  | from             | to               |
      | seclusion | 2025-03-04 09:00 | 2025-03-04 12:00 |
    Then no finding under SEC-08 is open about INC-802

  Scenario: A seclusion first recorded a minute after it ended
    Given it is 2025-03-04 12:01
    When staff record incident INC-803 for Alex, with a complete use-of-force record:
      | practice  | from             | to               |
      | seclusion | 2025-03-04 09:00 | 2025-03-04 12:00 |
    Then INC-803 is found recorded only after the seclusion ended, from 2025-03-04 12:01

  Scenario Outline: The seclusion care plan around its deadline
    Given it is 2025-03-04 09:05
    And staff recorded incident INC-804 for Alex, seclusion decided on by Sam Lee (registered nurse):
      | practice  | from             | to |
      | seclusion | 2025-03-04 09:00 |    |
    When it is 2025-03-05 10:00
    And Alex's care plan is revised at <revised at> without naming any incident: "Seclusion care plan: how Alex's needs are met in seclusion, and the steps to end it"
    Then the seclusion care plan of INC-804 due by 2025-03-05 09:00 is <status> with time to review <time to review>

    Examples:
      | revised at       | status   | time to review |
      | 2025-03-04 13:00 | MET      | 4 h            |
      | 2025-03-05 08:59 | MET      | 23 h 59 min    |
      | 2025-03-05 09:00 | MET      | 24 h           |
      | 2025-03-05 09:01 | MET_LATE | 24 h 1 min     |

  Scenario Outline: No seclusion care plan yet
    Given it is 2025-03-04 09:05
    And staff recorded incident INC-804 for Alex, seclusion decided on by Sam Lee (registered nurse):
      | practice  | from             | to |
      | seclusion | 2025-03-04 09:00 |    |
    When it is <moment>
    Then the seclusion care plan of INC-804 due by 2025-03-05 09:00 is <status> with time to review <time to review>

    Examples:
      | moment           | status   | time to review |
      | 2025-03-04 20:59 | PENDING  | 12 h 1 min     |
      | 2025-03-04 21:00 | DUE_SOON | 12 h           |
      | 2025-03-05 09:00 | DUE_SOON | 0 min          |
      | 2025-03-05 09:01 | OVERDUE  | -1 min         |

  Scenario: A care plan revised before the seclusion started is not its seclusion care plan
    Given it is 2025-03-04 08:30
    And Alex's care plan was revised at 2025-03-04 08:30 without naming any incident: "Monthly review of the care plan"
    And it is 2025-03-04 09:05
    And staff recorded incident INC-804 for Alex, seclusion decided on by Sam Lee (registered nurse):
      | practice  | from             | to |
      | seclusion | 2025-03-04 09:00 |    |
    When it is 2025-03-05 09:01
    Then the seclusion care plan of INC-804 due by 2025-03-05 09:00 is overdue by 1 min

  Scenario: A seclusion that ends after exactly 24 hours owes no seclusion care plan
    Given it is 2025-03-04 09:05
    And staff recorded incident INC-804 for Alex, seclusion decided on by Sam Lee (registered nurse):
      | practice  | from             | to |
      | seclusion | 2025-03-04 09:00 |    |
    When it is 2025-03-05 09:00
    And incident INC-804 ends at 2025-03-05 09:00
    Then no seclusion care plan of INC-804 is due
