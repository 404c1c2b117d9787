Feature: An independent MDT review once seclusion passes 8 hours at a stretch, or 12 hours in 48
  Rule SEC-06: An independent MDT review is held once seclusion passes 8 hours continuously or 12 hours in total
  within 48 hours.
  Source: MHA Code of Practice 2015 ch 26 (about 26.123), thresholds as restated.
  Confidence: V2.

  All of a person's seclusion counts, across incidents: seclusions that overlap or follow on without a break are
  one. An independent MDT review is needed from the moment the seclusion has gone on for 8 hours without a break,
  or the seclusion in the 48 hours up to that moment comes to 12 hours, provided the seclusion goes on past that
  moment: one that ends exactly at 8 hours has not passed them. The Code gives no time to hold the review, so the
  mental health unit's policy makes it due at once. Only an independent MDT review held from that moment meets it;
  it belongs to the incident during which the threshold was passed. After each threshold, the seclusion before it
  no longer counts: the 8 hours and the 12 hours are counted afresh from there.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time from the
  threshold to the review. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers seclusion from 2025-02-20 09:00 until 2025-08-20 09:00

  Scenario: Reference scenario 4: seclusion from Tuesday 20:00 passes 8 hours at 04:00, and no review by 10:00
    Given it is 2025-03-04 20:05
    And staff recorded incident INC-601 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 20:00 |    |
    When it is 2025-03-05 10:00
    Then the independent MDT review of INC-601 due by 2025-03-05 04:00 is overdue by 6 h
    And the independent MDT review of INC-601 due by 2025-03-05 04:00 is OVERDUE with time to review -6 h

  Scenario Outline: Before and after the seclusion passes 8 hours
    Given it is 2025-03-04 20:05
    And staff recorded incident INC-601 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 20:00 |    |
    When it is <moment>
    Then the independent MDT review of INC-601 due by 2025-03-05 04:00 is <status> with time to review <time to review>

    Examples:
      | moment           | status   | time to review |
      | 2025-03-05 04:00 | DUE_SOON | 0 min          |
      | 2025-03-05 04:01 | OVERDUE  | -1 min         |

  Scenario: Nothing is owed yet a minute before the seclusion passes 8 hours
    Given it is 2025-03-04 20:05
    And staff recorded incident INC-601 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 20:00 |    |
    When it is 2025-03-05 03:59
    Then no independent MDT review of INC-601 is due yet

  Scenario Outline: The independent MDT review around the moment the seclusion passes 8 hours
    Given it is 2025-03-04 20:05
    And staff recorded incident INC-601 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 20:00 |    |
    When it is 2025-03-05 05:00
    And an independent MDT review of INC-601 is held at <held at> by Dr Hal Innes (psychiatrist) and Kim Ode (registered nurse)
    Then the independent MDT review of INC-601 due by 2025-03-05 04:00 is <status> with time to review <time to review>

    Examples:
      | held at          | status   | time to review |
      | 2025-03-05 03:59 | OVERDUE  | -1 h           |
      | 2025-03-05 04:00 | MET      | 0 min          |
      | 2025-03-05 04:01 | MET_LATE | 1 min          |

  Scenario: A seclusion that ends after exactly 8 hours needs no independent review
    Given it is 2025-03-04 20:05
    And staff recorded incident INC-601 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 20:00 |    |
    When it is 2025-03-05 04:00
    And incident INC-601 ends at 2025-03-05 04:00
    Then no independent MDT review of INC-601 is due

  Scenario: A seclusion that ends a minute after 8 hours needed an independent review
    Given it is 2025-03-04 20:05
    And staff recorded incident INC-601 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 20:00 |    |
    When it is 2025-03-05 04:01
    And incident INC-601 ends at 2025-03-05 04:01
    Then the independent MDT review of INC-601 due by 2025-03-05 04:00 is overdue by 1 min

  Scenario: After the independent review, a seclusion still going on is counted afresh
    Given it is 2025-03-04 20:05
    And staff recorded incident INC-601 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 20:00 |    |
    When it is 2025-03-05 12:30
    And an independent MDT review of INC-601 is held at 2025-03-05 04:30 by Dr Hal Innes (psychiatrist) and Kim Ode (registered nurse)
    Then the independent MDT reviews of INC-601 fall due as follows:
      | from             | due by           | met at           | status   |
      | 2025-03-05 04:00 | 2025-03-05 04:00 | 2025-03-05 04:30 | MET_LATE |
      | 2025-03-05 12:00 | 2025-03-05 12:00 |                  | OVERDUE  |

  Scenario: Reference scenario 5: three seclusions, none of 8 hours, come to 12 hours in 48 at Tuesday 17:00
    Given it is 2025-03-03 09:05
    And staff recorded incident INC-611 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-03 09:00 |    |
    And it is 2025-03-03 13:00
    And incident INC-611 ended at 2025-03-03 13:00
    And it is 2025-03-03 21:05
    And staff recorded incident INC-612 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-03 21:00 |    |
    And it is 2025-03-04 02:00
    And incident INC-612 ended at 2025-03-04 02:00
    And it is 2025-03-04 14:05
    And staff recorded incident INC-613 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 14:00 |    |
    When it is 2025-03-04 17:30
    And incident INC-613 ends at 2025-03-04 17:30
    Then no independent MDT review of INC-611 is due
    And no independent MDT review of INC-612 is due
    And the independent MDT reviews of INC-613 fall due as follows:
      | from             | due by           | met at | status  |
      | 2025-03-04 17:00 | 2025-03-04 17:00 |        | OVERDUE |

  Scenario: Three seclusions that come to exactly 12 hours in 48 need no independent review
    Given it is 2025-03-03 09:05
    And staff recorded incident INC-611 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-03 09:00 |    |
    And it is 2025-03-03 13:00
    And incident INC-611 ended at 2025-03-03 13:00
    And it is 2025-03-03 21:05
    And staff recorded incident INC-612 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-03 21:00 |    |
    And it is 2025-03-04 02:00
    And incident INC-612 ended at 2025-03-04 02:00
    And it is 2025-03-04 14:05
    And staff recorded incident INC-613 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 14:00 |    |
    When it is 2025-03-04 17:00
    And incident INC-613 ends at 2025-03-04 17:00
    Then no independent MDT review of INC-613 is due

  Scenario: The independent review held during the third seclusion meets the duty on time
    Given it is 2025-03-03 09:05
    And staff recorded incident INC-611 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-03 09:00 |    |
    And it is 2025-03-03 13:00
    And incident INC-611 ended at 2025-03-03 13:00
    And it is 2025-03-03 21:05
    And staff recorded incident INC-612 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-03 21:00 |    |
    And it is 2025-03-04 02:00
    And incident INC-612 ended at 2025-03-04 02:00
    And it is 2025-03-04 14:05
    And staff recorded incident INC-613 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 14:00 |    |
    When it is 2025-03-04 17:30
    And an independent MDT review of INC-613 is held at 2025-03-04 17:00 by Dr Hal Innes (psychiatrist) and Kim Ode (registered nurse)
    And incident INC-613 ends at 2025-03-04 17:30
    Then the independent MDT review of INC-613 due by 2025-03-04 17:00 was met on time at 2025-03-04 17:00
