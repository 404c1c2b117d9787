Feature: A doctor reviews a person in seclusion every 4 hours until the first MDT review
  Rule SEC-02: Medical reviews of seclusion follow at least every 4 hours until the first internal MDT review.
  Source: MHA Code of Practice 2015 ch 26 (about 26.117); audited as 4-hourly reviews.
  Confidence: V2.

  After the first medical review (or the assessment of the psychiatrist who authorised the seclusion), the next is
  due 4 hours later. The mental health unit's review clock is rolling: each later review is due 4 hours after the
  last one actually held. A medical review meets it, and so does an MDT review in which a doctor takes part. The
  4-hourly reviews stop at the first internal MDT review, which sets the daily rhythm instead (SEC-05), and when the
  seclusion ends: nothing is owed at or after its end.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time from the
  previous review (or from the start of seclusion, for the first) to the one that met it. All times are UTC;
  4 March 2025 is a Tuesday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers seclusion from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-04 14:05
    And staff recorded incident INC-302 for Alex, seclusion authorised by Dr Priya Shah (psychiatrist) after assessing Alex at 2025-03-04 13:55:
      | practice  | from             | to |
      | seclusion | 2025-03-04 14:00 |    |

  Scenario: Reference scenario 2: after the psychiatrist's assessment, the next medical review is 25 minutes late
    When it is 2025-03-04 18:25
    And a medical review of INC-302 is held at 2025-03-04 18:20 by Dr Tom Reid (doctor)
    Then no first medical review of INC-302 is due
    And no internal MDT review of INC-302 has been held
    And the 4-hourly medical review of INC-302 due by 2025-03-04 17:55 was met late, by 25 min
    And the 4-hourly medical review of INC-302 due by 2025-03-04 22:20 is DUE_SOON with time to review 3 h 55 min

  Scenario Outline: The medical review around its deadline of 17:55
    When it is 2025-03-04 18:30
    And a medical review of INC-302 is held at <held at> by Dr Tom Reid (doctor)
    Then the 4-hourly medical review of INC-302 due by 2025-03-04 17:55 is <status> with time to review <time to review>

    Examples:
      | held at          | status   | time to review |
      | 2025-03-04 17:54 | MET      | 3 h 54 min     |
      | 2025-03-04 17:55 | MET      | 3 h 55 min     |
      | 2025-03-04 17:56 | MET_LATE | 3 h 56 min     |

  Scenario: No doctor has come since the psychiatrist's assessment
    When it is 2025-03-04 18:20
    Then the 4-hourly medical review of INC-302 due by 2025-03-04 17:55 is overdue by 25 min
    And the 4-hourly medical review of INC-302 due by 2025-03-04 17:55 is OVERDUE with time to review -25 min

  Scenario: Each medical review is due 4 hours after the last, until the first internal MDT review
    When it is 2025-03-05 08:00
    And these reviews of INC-302 are held:
      | review              | at               | by                                                                                   |
      | medical review      | 2025-03-04 17:40 | Dr Tom Reid (doctor)                                                                 |
      | medical review      | 2025-03-04 21:50 | Dr Tom Reid (doctor)                                                                 |
      | internal MDT review | 2025-03-04 23:30 | Dr Priya Shah (psychiatrist), Sam Lee (registered nurse) and Dr Ana Cruz (psychologist) |
    Then the 4-hourly medical reviews of INC-302 fall due as follows:
      | from             | due by           | met at           | status   |
      | 2025-03-04 14:00 | 2025-03-04 17:55 | 2025-03-04 17:40 | MET      |
      | 2025-03-04 17:40 | 2025-03-04 21:40 | 2025-03-04 21:50 | MET_LATE |

  Scenario: While seclusion goes on, the next medical review is owed from the last one held
    When it is 2025-03-04 19:00
    And a medical review of INC-302 is held at 2025-03-04 17:40 by Dr Tom Reid (doctor)
    Then the 4-hourly medical reviews of INC-302 fall due as follows:
      | from             | due by           | met at           | status   |
      | 2025-03-04 14:00 | 2025-03-04 17:55 | 2025-03-04 17:40 | MET      |
      | 2025-03-04 17:40 | 2025-03-04 21:40 |                  | DUE_SOON |

  Scenario: A seclusion that ends at the deadline owes no further medical review
    When it is 2025-03-04 21:40
    And a medical review of INC-302 is held at 2025-03-04 17:40 by Dr Tom Reid (doctor)
    And incident INC-302 ends at 2025-03-04 21:40
    Then the 4-hourly medical reviews of INC-302 fall due as follows:
      | from             | due by           | met at           | status |
      | 2025-03-04 14:00 | 2025-03-04 17:55 | 2025-03-04 17:40 | MET    |

  Scenario: A seclusion that ends a minute after the deadline still owed the medical review
    When it is 2025-03-04 21:41
    And a medical review of INC-302 is held at 2025-03-04 17:40 by Dr Tom Reid (doctor)
    And incident INC-302 ends at 2025-03-04 21:41
    Then the 4-hourly medical review of INC-302 due by 2025-03-04 21:40 is overdue by 1 min
