Feature: After the first MDT review, the team reviews daily and a doctor twice a day
  Rule SEC-05: After the first MDT review, while seclusion continues: an MDT review at least every 24 hours, and
  medical reviews at least twice in each 24 hours (one may be the MDT review).
  Source: MHA Code of Practice 2015 ch 26 (about 26.122).
  Confidence: R.

  From the first internal MDT review, two duties run while the seclusion goes on. The next internal MDT review is
  due 24 hours after the last one held (the mental health unit's rolling review clock). And each day counted from
  the first MDT review needs two medical reviews within it: a medical review counts, and so does an MDT review in
  which a doctor takes part, the first MDT review included. The day's pair is met when its second review is held; a
  day that ends with fewer is overdue from its end and stays so. While the seclusion goes on, the days are followed
  up to the first one still short; nothing is owed for a day the seclusion does not outlast.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time from the start
  of the interval (the last MDT review held, or the start of the day) to the review that met it. All times are
  UTC; 4 March 2025 is a Tuesday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers seclusion from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-04 09:05
    And staff recorded incident INC-502 for Alex, seclusion decided on by Sam Lee (registered nurse):
      | practice  | from             | to |
      | seclusion | 2025-03-04 09:00 |    |
    And it is 2025-03-04 20:30
    And an internal MDT review of INC-502 was held at 2025-03-04 20:00 by Dr Priya Shah (psychiatrist), Sam Lee (registered nurse) and Dr Ana Cruz (psychologist)

  Scenario: The MDT review is due 24 hours after the last one held
    When it is 2025-03-07 08:00
    And these reviews of INC-502 are held:
      | review              | at               | by                                                     |
      | internal MDT review | 2025-03-05 19:30 | Dr Priya Shah (psychiatrist) and Sam Lee (registered nurse) |
      | internal MDT review | 2025-03-06 20:00 | Dr Priya Shah (psychiatrist) and Sam Lee (registered nurse) |
    Then the daily MDT reviews of INC-502 fall due as follows:
      | from             | due by           | met at           | status   |
      | 2025-03-04 20:00 | 2025-03-05 20:00 | 2025-03-05 19:30 | MET      |
      | 2025-03-05 19:30 | 2025-03-06 19:30 | 2025-03-06 20:00 | MET_LATE |
      | 2025-03-06 20:00 | 2025-03-07 20:00 |                  | DUE_SOON |

  Scenario Outline: The second MDT review around its deadline
    When it is 2025-03-05 21:00
    And an internal MDT review of INC-502 is held at <held at> by Dr Priya Shah (psychiatrist) and Sam Lee (registered nurse)
    Then the daily MDT review of INC-502 due by 2025-03-05 20:00 is <status> with time to review <time to review>

    Examples:
      | held at          | status   | time to review |
      | 2025-03-05 19:59 | MET      | 23 h 59 min    |
      | 2025-03-05 20:00 | MET      | 24 h           |
      | 2025-03-05 20:01 | MET_LATE | 24 h 1 min     |

  Scenario: The MDT review with the psychiatrist and a medical review the next morning make the first day's pair
    When it is 2025-03-05 12:00
    And a medical review of INC-502 is held at 2025-03-05 08:00 by Dr Tom Reid (doctor)
    Then the day's pair of medical reviews of INC-502 due by 2025-03-05 20:00 was met on time at 2025-03-05 08:00
    And the daily pairs of medical reviews of INC-502 fall due as follows:
      | from             | due by           | met at           | status       |
      | 2025-03-04 20:00 | 2025-03-05 20:00 | 2025-03-05 08:00 | MET          |
      | 2025-03-05 20:00 | 2025-03-06 20:00 |                  | not yet open |

  Scenario Outline: The second medical review of the day around the day's end
    When it is 2025-03-05 20:01
    And a medical review of INC-502 is held at <held at> by Dr Tom Reid (doctor)
    Then the day's pair of medical reviews of INC-502 due by 2025-03-05 20:00 is <status> with time to review <time to review>

    Examples:
      | held at          | status  | time to review |
      | 2025-03-05 19:59 | MET     | 23 h 59 min    |
      | 2025-03-05 20:00 | OVERDUE | -1 min         |

  Scenario: A day short of a medical review stays overdue after the seclusion ends
    When it is 2025-03-07 12:00
    And a medical review of INC-502 is held at 2025-03-05 08:00 by Dr Tom Reid (doctor)
    And a medical review of INC-502 is held at 2025-03-06 10:00 by Dr Tom Reid (doctor)
    And incident INC-502 ends at 2025-03-07 12:00
    Then the daily pairs of medical reviews of INC-502 fall due as follows:
      | from             | due by           | met at           | status  |
      | 2025-03-04 20:00 | 2025-03-05 20:00 | 2025-03-05 08:00 | MET     |
      | 2025-03-05 20:00 | 2025-03-06 20:00 |                  | OVERDUE |

  Scenario: A first MDT review without a doctor is not one of the day's medical reviews
    Given it is 2025-03-11 09:05
    And staff recorded incident INC-503 for Alex, seclusion decided on by Sam Lee (registered nurse):
      | practice  | from             | to |
      | seclusion | 2025-03-11 09:00 |    |
    When it is 2025-03-12 20:01
    And an internal MDT review of INC-503 is held at 2025-03-11 20:00 by Dr Ana Cruz (psychologist) and Sam Lee (registered nurse)
    And a medical review of INC-503 is held at 2025-03-12 08:00 by Dr Tom Reid (doctor)
    Then the day's pair of medical reviews of INC-503 due by 2025-03-12 20:00 is overdue by 1 min
