Feature: Long-term segregation is decided with the commissioner, and reviewed daily, weekly and from outside
  Long-term segregation keeps a person from mixing freely with the other patients for a long time, to reduce a
  sustained risk of harm to others. MHSDS has one code for all segregation, so the record marks a segregation as
  long-term; only those owe the duties below. Each repeating review is due a set time after the last one held (the
  mental health unit's rolling review clock), the first counted from the start of the segregation; nothing is owed
  at or after its end.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time from the start
  of the interval (the last review held, or the start of segregation) to the review that met it. All times are UTC;
  3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers segregation from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-03 10:05
    And staff recorded incident INC-901 for Alex, a long-term segregation:
      | practice    | from             | to |
      | segregation | 2025-03-03 10:00 |    |

  Scenario: A segregation not marked as long-term owes none of these duties
    Given staff recorded incident INC-902 for Alex, with a complete use-of-force record:
      | practice    | from             | to |
      | segregation | 2025-03-03 10:00 |    |
    When it is 2025-09-01 10:00
    Then no finding under LTS-01 is open about INC-902
    And no daily approved clinician's review of INC-902 is due
    And no weekly MDT review of INC-902 is due
    And no external review of INC-902 is due

  Rule: LTS-01: Long-term segregation starts only on an MDT decision in which a representative of the commissioning authority took part.
    Source: MHA Code of Practice 2015 para 26.150 (as cited by a trust policy). Confidence: V2.
    The decision is an internal MDT review of the segregation, held by the time it starts, with the commissioner's
    representative among those taking part. Without one, the segregation is a finding from its start.

    Scenario: The MDT decided on long-term segregation with the commissioner's representative the day before
      When an internal MDT review of INC-901 is held at 2025-03-02 14:00 by Dr Priya Shah (approved clinician), Sam Lee (registered nurse) and Rita Moss (commissioner's representative)
      Then no finding under LTS-01 is open about INC-901

    Scenario: The MDT with the commissioner's representative decided at the minute the segregation started
      When an internal MDT review of INC-901 is held at 2025-03-03 10:00 by Dr Priya Shah (approved clinician) and Rita Moss (commissioner's representative)
      Then no finding under LTS-01 is open about INC-901

    Scenario: The commissioner's representative joined the MDT only a minute after the segregation started
      When an internal MDT review of INC-901 is held at 2025-03-03 10:01 by Dr Priya Shah (approved clinician) and Rita Moss (commissioner's representative)
      Then INC-901 is found to be long-term segregation started without the commissioner's representative in the decision, from 2025-03-03 10:00

    Scenario: The MDT decided on long-term segregation without the commissioner's representative
      When an internal MDT review of INC-901 is held at 2025-03-02 14:00 by Dr Priya Shah (approved clinician) and Sam Lee (registered nurse)
      Then INC-901 is found to be long-term segregation started without the commissioner's representative in the decision, from 2025-03-03 10:00

  Rule: LTS-02: An approved clinician reviews a person in long-term segregation at least daily.
    Source: MHA Code of Practice 2015 ch 26 (about 26.153). Confidence: R.
    The approved clinician's review is due 24 hours after segregation starts, and each later one 24 hours after the
    last one held.

    Scenario Outline: The first approved clinician's review around its deadline
      When it is 2025-03-04 12:00
      And an approved clinician's review of INC-901 is held at <held at> by Dr Priya Shah (approved clinician)
      Then the daily approved clinician's review of INC-901 due by 2025-03-04 10:00 is <status> with time to review <time to review>

      Examples:
        | held at          | status   | time to review |
        | 2025-03-04 09:59 | MET      | 23 h 59 min    |
        | 2025-03-04 10:00 | MET      | 24 h           |
        | 2025-03-04 10:01 | MET_LATE | 24 h 1 min     |

    Scenario Outline: No approved clinician's review yet
      When it is <moment>
      Then the daily approved clinician's review of INC-901 due by 2025-03-04 10:00 is <status> with time to review <time to review>

      Examples:
        | moment           | status   | time to review |
        | 2025-03-03 21:59 | PENDING  | 12 h 1 min     |
        | 2025-03-03 22:00 | DUE_SOON | 12 h           |
        | 2025-03-04 10:01 | OVERDUE  | -1 min         |

    Scenario: Each approved clinician's review is due a day after the last
      When it is 2025-03-05 12:00
      And an approved clinician's review of INC-901 is held at 2025-03-04 09:30 by Dr Priya Shah (approved clinician)
      And an approved clinician's review of INC-901 is held at 2025-03-05 10:15 by Dr Priya Shah (approved clinician)
      Then the daily approved clinician's reviews of INC-901 fall due as follows:
        | from             | due by           | met at           | status   |
        | 2025-03-03 10:00 | 2025-03-04 10:00 | 2025-03-04 09:30 | MET      |
        | 2025-03-04 09:30 | 2025-03-05 09:30 | 2025-03-05 10:15 | MET_LATE |
        | 2025-03-05 10:15 | 2025-03-06 10:15 |                  | PENDING  |

  Rule: LTS-03: A formal MDT review of long-term segregation is held at least weekly.
    Source: MHA Code of Practice 2015 ch 26 (about 26.154). Confidence: R.
    The MDT review is due a week after segregation starts, and each later one a week after the last one held. The
    MDT meeting that decided on the segregation, before it started, is not one of these reviews.

    Scenario: The MDT meeting that decided on the segregation does not count as its first weekly review
      When an internal MDT review of INC-901 is held at 2025-03-02 14:00 by Dr Priya Shah (approved clinician), Sam Lee (registered nurse) and Rita Moss (commissioner's representative)
      And it is 2025-03-10 10:01
      Then the weekly MDT review of INC-901 due by 2025-03-10 10:00 is overdue by 1 min

    Scenario Outline: The first weekly MDT review around its deadline
      When it is 2025-03-10 12:00
      And an internal MDT review of INC-901 is held at <held at> by Dr Priya Shah (approved clinician) and Sam Lee (registered nurse)
      Then the weekly MDT review of INC-901 due by 2025-03-10 10:00 is <status> with time to review <time to review>

      Examples:
        | held at          | status   | time to review |
        | 2025-03-10 09:59 | MET      | 167 h 59 min   |
        | 2025-03-10 10:00 | MET      | 168 h          |
        | 2025-03-10 10:01 | MET_LATE | 168 h 1 min    |

    Scenario: A segregation that ends after exactly a week owes no weekly MDT review
      When it is 2025-03-10 10:00
      And incident INC-901 ends at 2025-03-10 10:00
      Then no weekly MDT review of INC-901 is due

  Rule: LTS-04: Long-term segregation has a periodic external or independent review.
    Source: CQC Out of Sight interim report (May 2019) via Mills & Reeve; Code of Practice about 26.155. Confidence: V2.
    The interval is not confirmed; the mental health unit's policy asks for an external or independent review every
    90 days, the first 90 days after segregation starts.

    Scenario Outline: The first external review around its deadline
      When it is 2025-06-01 12:00
      And an external review of INC-901 is held at <held at> by Dr Hal Innes (psychiatrist)
      Then the external review of INC-901 due by 2025-06-01 10:00 is <status> with time to review <time to review>

      Examples:
        | held at          | status   | time to review |
        | 2025-06-01 09:59 | MET      | 2159 h 59 min  |
        | 2025-06-01 10:00 | MET      | 2160 h         |
        | 2025-06-01 10:01 | MET_LATE | 2160 h 1 min   |

    Scenario: An independent MDT review is an external review too
      When it is 2025-06-01 12:00
      And an independent MDT review of INC-901 is held at 2025-05-15 14:00 by Dr Hal Innes (psychiatrist) and Kim Ode (registered nurse)
      Then the external review of INC-901 due by 2025-06-01 10:00 was met on time at 2025-05-15 14:00

    Scenario: No external review in 90 days
      When it is 2025-06-01 10:01
      Then the external review of INC-901 due by 2025-06-01 10:00 is overdue by 1 min
