Feature: Observations after rapid tranquillisation, hourly, or every 15 minutes while a risk holds
  Rule RT-01: After rapid tranquillisation, side effects, pulse, blood pressure, respiratory rate, temperature,
  hydration and consciousness are observed at least hourly until a clinician records no further concerns.
  Source: NICE QS154 statement 4; NICE NG10 section 1.4.
  Confidence: V1.

  Rule RT-02: Observations after rapid tranquillisation are every 15 minutes while the BNF maximum was exceeded, or
  the person seems asleep or sedated, has taken drugs or alcohol, has a physical health condition, or was harmed by
  restraint.
  Source: NICE NG10 section 1.4 (about 1.4.52).
  Confidence: V2 for the BNF trigger; R (recalled) for the others.

  Observations start from the injection. Each set of observations is due an hour after the one before (after the
  injection, for the first), or 15 minutes after it while one of the risks holds. When staff note a risk during an
  hour, the next set falls due 15 minutes after the note, if that is sooner. A note without observations can start
  or end a risk but is not a set. A set that comes late still counts, and the next is due from it. Observations
  stop when a doctor records that there are no further concerns: a set taken then meets the set due; nothing falls
  due after it. Each set falls due within the twelve hours in which due duties are shown, so it shows as due soon
  from the moment the one before it was taken. Both rules are departures from NICE guidance, which a clinician may
  justify. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers rapid tranquillisation from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-03 15:05
    And staff recorded incident INC-401 for Alex, with a complete use-of-force record:
      | practice               | from             | to               |
      | rapid tranquillisation | 2025-03-03 15:00 | 2025-03-03 15:00 |

  Scenario: Scenario 6: asleep after IM lorazepam, the 15:45 set missing, then an hourly set 20 minutes late
    Given it is 2025-03-03 17:30
    When at 2025-03-03 15:10 staff note after INC-401 that Alex appears asleep, without taking observations
    And staff take a full set of observations of Alex at 2025-03-03 15:15 after INC-401
    And staff take a full set of observations of Alex at 2025-03-03 15:30 after INC-401
    And staff take a full set of observations of Alex at 2025-03-03 16:00 after INC-401, noting that Alex is awake and settled
    And staff take a full set of observations of Alex at 2025-03-03 17:20 after INC-401
    Then the observations after INC-401 are:
      | under | due by           | status   | met at           |
      | RT-02 | 2025-03-03 15:25 | MET      | 2025-03-03 15:15 |
      | RT-02 | 2025-03-03 15:30 | MET      | 2025-03-03 15:30 |
      | RT-02 | 2025-03-03 15:45 | MET_LATE | 2025-03-03 16:00 |
      | RT-01 | 2025-03-03 17:00 | MET_LATE | 2025-03-03 17:20 |
      | RT-01 | 2025-03-03 18:20 | DUE_SOON |                  |

  Scenario: Hourly sets taken on time
    Given it is 2025-03-03 17:00
    When staff take a full set of observations of Alex at 2025-03-03 15:55 after INC-401
    And staff take a full set of observations of Alex at 2025-03-03 16:50 after INC-401
    Then the observations after INC-401 are:
      | under | due by           | status   | met at           |
      | RT-01 | 2025-03-03 16:00 | MET      | 2025-03-03 15:55 |
      | RT-01 | 2025-03-03 16:55 | MET      | 2025-03-03 16:50 |
      | RT-01 | 2025-03-03 17:50 | DUE_SOON |                  |
    And Alex's case is ATTENTION

  Scenario Outline: No observations at all after the injection
    When it is <moment>
    Then the hourly set of observations after INC-401 is <status> with time to review <time to review>
    And Alex's case is <case status>

    Examples:
      | moment           | status   | time to review | case status   |
      | 2025-03-03 15:05 | DUE_SOON | 55 min         | ATTENTION     |
      | 2025-03-03 16:00 | DUE_SOON | 0 min          | ATTENTION     |
      | 2025-03-03 16:01 | OVERDUE  | -1 min         | NON_COMPLIANT |

  Scenario Outline: The first set exactly an hour after the injection is on time, a minute later it is late
    Given it is 2025-03-03 16:30
    When staff take a full set of observations of Alex at <taken at> after INC-401
    Then the observations after INC-401 are:
      | under | due by           | status   | met at     |
      | RT-01 | 2025-03-03 16:00 | <status> | <taken at> |
      | RT-01 | <next due>       | DUE_SOON |            |

    Examples:
      | taken at         | status   | next due         |
      | 2025-03-03 16:00 | MET      | 2025-03-03 17:00 |
      | 2025-03-03 16:01 | MET_LATE | 2025-03-03 17:01 |

  Scenario Outline: More than the BNF maximum dose: the first set is due 15 minutes after the injection
    Given at 2025-03-03 15:00 staff noted after INC-401 that Alex was given more than the BNF maximum dose, without taking observations
    When it is <moment>
    Then the 15-minute set of observations after INC-401 is <status> with time to review <time to review>
    And Alex's case is <case status>

    Examples:
      | moment           | status   | time to review | case status   |
      | 2025-03-03 15:15 | DUE_SOON | 0 min          | ATTENTION     |
      | 2025-03-03 15:16 | OVERDUE  | -1 min         | NON_COMPLIANT |

  Scenario Outline: With the BNF maximum exceeded, a set at 15:15 is on time, one at 15:16 is late
    Given at 2025-03-03 15:00 staff noted after INC-401 that Alex was given more than the BNF maximum dose, without taking observations
    And it is 2025-03-03 15:20
    When staff take a full set of observations of Alex at <taken at> after INC-401, noting that Alex is awake and settled
    Then the observations after INC-401 are:
      | under | due by           | status   | met at     |
      | RT-02 | 2025-03-03 15:15 | <status> | <taken at> |
      | RT-01 | <next due>       | DUE_SOON |            |

    Examples:
      | taken at         | status   | next due         |
      | 2025-03-03 15:15 | MET      | 2025-03-03 16:15 |
      | 2025-03-03 15:16 | MET_LATE | 2025-03-03 16:16 |

  Scenario: A set with the doctor's "no further concerns" ends the observations
    Given it is 2025-03-03 20:00
    When staff take a full set of observations of Alex at 2025-03-03 15:50 after INC-401
    And the doctor records at 2025-03-03 16:30 that there are no further concerns about Alex after INC-401, with a full set of observations
    Then the observations after INC-401 are:
      | under | due by           | status | met at           |
      | RT-01 | 2025-03-03 16:00 | MET    | 2025-03-03 15:50 |
      | RT-01 | 2025-03-03 16:50 | MET    | 2025-03-03 16:30 |
    And Alex's case is COMPLIANT

  Scenario: "No further concerns" without observations ends them too, but does not excuse a set already missed
    Given it is 2025-03-03 20:00
    When the doctor records at 2025-03-03 16:30 that there are no further concerns about Alex after INC-401, without taking observations
    Then the observations after INC-401 are:
      | under | due by           | status  | met at |
      | RT-01 | 2025-03-03 16:00 | OVERDUE |        |
    And Alex's case is NON_COMPLIANT
