Feature: The team reviews a person in seclusion within a day
  Rule SEC-04: The first internal MDT review of seclusion is held as soon as practicable.
  Source: MHA Code of Practice 2015 ch 26; Mersey Care audit (all MDT reviews within 24 hours).
  Confidence: R.

  The Code asks for the first review by the multidisciplinary team as soon as practicable; the mental health unit
  sets that at 24 hours from the start of seclusion, as trust audits do. Only an internal MDT review held after
  seclusion started meets it. Nothing is owed for a seclusion that ends by the deadline. The review shows as due
  soon from 12 hours before the deadline.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time the review took
  to happen after seclusion started. All times are UTC; 4 March 2025 is a Tuesday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers seclusion from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-04 09:05
    And staff recorded incident INC-501 for Alex, seclusion decided on by Sam Lee (registered nurse):
      | practice  | from             | to |
      | seclusion | 2025-03-04 09:00 |    |

  Scenario Outline: The first MDT review around its deadline
    When it is 2025-03-05 10:00
    And an internal MDT review of INC-501 is held at <held at> by Dr Priya Shah (psychiatrist), Sam Lee (registered nurse) and Dr Ana Cruz (psychologist)
    Then the first MDT review of INC-501 due by 2025-03-05 09:00 is <status> with time to review <time to review>

    Examples:
      | held at          | status   | time to review |
      | 2025-03-04 16:00 | MET      | 7 h            |
      | 2025-03-05 08:59 | MET      | 23 h 59 min    |
      | 2025-03-05 09:00 | MET      | 24 h           |
      | 2025-03-05 09:01 | MET_LATE | 24 h 1 min     |

  Scenario Outline: No MDT review yet
    When it is <moment>
    Then the first MDT review of INC-501 due by 2025-03-05 09:00 is <status> with time to review <time to review>

    Examples:
      | moment           | status   | time to review |
      | 2025-03-04 20:59 | PENDING  | 12 h 1 min     |
      | 2025-03-04 21:00 | DUE_SOON | 12 h           |
      | 2025-03-05 09:00 | DUE_SOON | 0 min          |
      | 2025-03-05 09:01 | OVERDUE  | -1 min         |

  Scenario: A seclusion that ends after exactly 24 hours owes no MDT review
    When it is 2025-03-05 09:00
    And incident INC-501 ends at 2025-03-05 09:00
    Then no first MDT review of INC-501 is due

  Scenario: A seclusion that ends a minute after 24 hours still owed its MDT review
    When it is 2025-03-05 09:01
    And incident INC-501 ends at 2025-03-05 09:01
    Then the first MDT review of INC-501 due by 2025-03-05 09:00 is overdue by 1 min
