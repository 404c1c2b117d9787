Feature: Nobody in a care home is deprived of liberty without an authorisation in force
  Rules DOLS-01 to DOLS-08, the Deprivation of Liberty Safeguards (Mental Capacity Act 2005 Schedule A1):
  DOLS-01: An urgent authorisation lasts at most 7 days.
  Source: MCA 2005 Sch A1 para 78(2), via A County Council v MB [2010] EWCOP 2508. Confidence: V2.
  DOLS-02: An urgent authorisation is extended at most once, by at most 7 days, by the supervisory body, and only
  after a standard request has been made.
  Source: MCA 2005 Sch A1 paras 84-85 (para numbers recalled); Halsbury para 716; B&NES guidance. Confidence: V2.
  DOLS-03: An urgent authorisation is not used where a standard authorisation was in place and expiring: a further
  standard request is needed instead. Source: tri.x MCA procedures. Confidence: V2.
  DOLS-04: A standard authorisation lasts at most one year.
  Source: MCA 2005 Sch A1 para 42 (R); Mondaq 2025. Confidence: V2.
  DOLS-05: A standard authorisation states the person, the hospital or care home, the period, the purpose, any
  conditions, and why each qualifying requirement is met. Source: MCA 2005 Sch A1 paras 54-55. Confidence: V1.
  DOLS-06: A person is not deprived of liberty once every authorisation for it has lapsed.
  Source: MCA 2005 Sch A1 paras 63-65; HSCA 2008 (Regulated Activities) Regs 2014 reg 13. Confidence: V1.
  DOLS-07: A further standard request is made in the 28 days before a standard authorisation expires, while the
  deprivation continues. Source: tri.x MCA procedures; B&NES council DoLS page. Confidence: V2.
  DOLS-08: The supervisory body decides a standard request within 21 days.
  Source: Mondaq, Hill Dickinson 2025. Confidence: V2.

  Dorothy lives at Elm House, a care home. The front door is locked and staff would stop her leaving, so she is
  deprived of her liberty for as long as those arrangements last. The home may grant itself an urgent authorisation
  for up to 7 days while it asks the local authority (the supervisory body) for a standard authorisation; only the
  supervisory body may extend the urgent one, once, by up to 7 more days, and only after the standard request has
  been made. A standard authorisation lasts up to 12 calendar months, and the home asks for the next one in the 28
  days before it expires. Whenever no urgent or standard authorisation, Court of Protection order or detention under
  the Mental Health Act is in force, Dorothy is deprived of liberty without authority, and her case is not compliant
  for as long as that lasts. Nothing authorises a deprivation before the moment it was granted. While the
  arrangements go on, the end of the last authorisation is already on the record as the moment the deprivation
  will be without authority, unless something further is granted by then.

  The home's policy counts days exactly: 7 days from 10:00 on Monday end at 10:00 the next Monday. A finding about
  an authorisation stays on the record; it is open while what it found goes on. The renewal request and the
  supervisory body's decision show as due soon from 12 hours before their deadline. All times are UTC; 1 September
  2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Dorothy Evans is a resident of Elm House, an adult social care service

  Scenario: Scenario 10: the urgent authorisation, extended once, runs out while Dorothy is still deprived of liberty
    Given it is 2025-09-01 10:00
    And at 2025-09-01 10:00 the registered manager grants Dorothy an urgent authorisation from 2025-09-01 10:00 until 2025-09-08 10:00
    And Dorothy is deprived of liberty at Elm House from 2025-09-01 10:00: the front door is locked and she is not free to leave
    And at 2025-09-01 14:00 the registered manager requests a standard authorisation from the supervisory body
    And at 2025-09-05 11:00 the supervisory body extends the urgent authorisation until 2025-09-15 10:00
    When it is 2025-09-15 12:00
    Then Dorothy is found deprived of liberty without authority from 2025-09-15 10:00
    And there is no finding under DOLS-01 about Dorothy
    And there is no finding under DOLS-02 about Dorothy
    And Dorothy's case is NON_COMPLIANT

  Scenario Outline: Dorothy's case is not compliant from the minute the extended urgent authorisation ran out
    Given it is 2025-09-01 10:00
    And at 2025-09-01 10:00 the registered manager grants Dorothy an urgent authorisation from 2025-09-01 10:00 until 2025-09-08 10:00
    And Dorothy is deprived of liberty at Elm House from 2025-09-01 10:00: the front door is locked and she is not free to leave
    And at 2025-09-01 14:00 the registered manager requests a standard authorisation from the supervisory body
    And at 2025-09-05 11:00 the supervisory body extends the urgent authorisation until 2025-09-15 10:00
    When it is <moment>
    Then Dorothy's case is <case status>

    Examples:
      | moment           | case status   |
      | 2025-09-15 09:59 | COMPLIANT     |
      | 2025-09-15 10:00 | NON_COMPLIANT |

  Scenario: The standard authorisation granted that afternoon closes the gap from the moment it was granted
    Given it is 2025-09-01 10:00
    And at 2025-09-01 10:00 the registered manager grants Dorothy an urgent authorisation from 2025-09-01 10:00 until 2025-09-08 10:00
    And Dorothy is deprived of liberty at Elm House from 2025-09-01 10:00: the front door is locked and she is not free to leave
    And at 2025-09-01 14:00 the registered manager requests a standard authorisation from the supervisory body
    And at 2025-09-05 11:00 the supervisory body extends the urgent authorisation until 2025-09-15 10:00
    When it is 2025-09-15 16:30
    And at 2025-09-15 16:30 the supervisory body grants the request
    And Dorothy's standard authorisation, granted by the supervisory body at 2025-09-15 16:30, runs from 2025-09-15 10:00 until 2026-09-15 10:00, with the care home, the purpose and the qualifying requirements stated
    And it is 2025-09-16 09:00
    Then the DoLS findings about Dorothy are:
      | rule    | about                      | from             | until            |
      | DOLS-06 | the deprivation of liberty | 2025-09-15 10:00 | 2025-09-15 16:30 |
      | DOLS-06 | the deprivation of liberty | 2026-09-15 10:00 |                  |
    And Dorothy's case is COMPLIANT

  Scenario: An urgent authorisation granted for exactly 7 days raises no finding
    Given at 2025-09-01 10:00 the registered manager grants Dorothy an urgent authorisation from 2025-09-01 10:00 until 2025-09-08 10:00
    When it is 2025-09-08 10:00
    Then there is no finding under DOLS-01 about Dorothy

  Scenario: An urgent authorisation written for 10 days is found from the end of the seventh
    Given at 2025-09-01 10:00 the registered manager grants Dorothy an urgent authorisation from 2025-09-01 10:00 until 2025-09-11 10:00
    When it is 2025-09-09 09:00
    Then the DoLS findings about Dorothy are:
      | rule    | about                    | from             | until            |
      | DOLS-01 | the urgent authorisation | 2025-09-08 10:00 | 2025-09-11 10:00 |
    And the finding under DOLS-01 says "urgent authorisation granted for 10 days, from 2025-09-01 10:00 until 2025-09-11 10:00: longer than the 7 days allowed, until 2025-09-08 10:00"

  Scenario Outline: The urgent authorisation written for 10 days makes the case non-compliant for its last 3 days
    Given at 2025-09-01 10:00 the registered manager grants Dorothy an urgent authorisation from 2025-09-01 10:00 until 2025-09-11 10:00
    When it is <moment>
    Then Dorothy's case is <case status>

    Examples:
      | moment           | case status   |
      | 2025-09-08 09:59 | COMPLIANT     |
      | 2025-09-08 10:00 | NON_COMPLIANT |
      | 2025-09-11 09:59 | NON_COMPLIANT |
      | 2025-09-11 10:00 | COMPLIANT     |

  Scenario: The supervisory body extends the urgent authorisation before any standard authorisation was requested
    Given it is 2025-09-01 10:00
    And at 2025-09-01 10:00 the registered manager grants Dorothy an urgent authorisation from 2025-09-01 10:00 until 2025-09-08 10:00
    And Dorothy is deprived of liberty at Elm House from 2025-09-01 10:00: the front door is locked and she is not free to leave
    When at 2025-09-05 11:00 the supervisory body extends the urgent authorisation until 2025-09-15 10:00
    And it is 2025-09-15 12:00
    Then the DoLS findings about Dorothy are:
      | rule    | about                      | from             | until            |
      | DOLS-02 | the urgent authorisation   | 2025-09-05 11:00 | 2025-09-15 10:00 |
      | DOLS-06 | the deprivation of liberty | 2025-09-15 10:00 |                  |
    And the finding under DOLS-02 says "extension 1 of the urgent authorisation, made 2025-09-05 11:00 until 2025-09-15 10:00: no standard authorisation had been requested by then"

  Scenario Outline: A standard request made by the moment of the extension is in time
    Given at 2025-09-01 10:00 the registered manager grants Dorothy an urgent authorisation from 2025-09-01 10:00 until 2025-09-08 10:00
    And at <requested at> the registered manager requests a standard authorisation from the supervisory body
    When at 2025-09-05 11:00 the supervisory body extends the urgent authorisation until 2025-09-15 10:00
    Then there is <findings> finding under DOLS-02 about Dorothy

    Examples:
      | requested at     | findings |
      | 2025-09-05 10:59 | no       |
      | 2025-09-05 11:00 | no       |
      | 2025-09-05 11:01 | one      |

  Scenario Outline: An extension adds at most 7 days
    Given at 2025-09-01 10:00 the registered manager grants Dorothy an urgent authorisation from 2025-09-01 10:00 until 2025-09-08 10:00
    And at 2025-09-01 14:00 the registered manager requests a standard authorisation from the supervisory body
    When at 2025-09-05 11:00 the supervisory body extends the urgent authorisation until <extended until>
    Then there is <findings> finding under DOLS-02 about Dorothy

    Examples:
      | extended until   | findings |
      | 2025-09-15 10:00 | no       |
      | 2025-09-15 10:01 | one      |

  Scenario: A second extension is beyond the one allowed
    Given at 2025-09-01 10:00 the registered manager grants Dorothy an urgent authorisation from 2025-09-01 10:00 until 2025-09-08 10:00
    And at 2025-09-01 14:00 the registered manager requests a standard authorisation from the supervisory body
    And at 2025-09-05 11:00 the supervisory body extends the urgent authorisation until 2025-09-15 10:00
    When at 2025-09-14 09:00 the supervisory body extends the urgent authorisation until 2025-09-17 10:00
    Then the DoLS findings about Dorothy are:
      | rule    | about                    | from             | until            |
      | DOLS-02 | the urgent authorisation | 2025-09-14 09:00 | 2025-09-17 10:00 |
    And the finding under DOLS-02 says "extension 2 of the urgent authorisation, made 2025-09-14 09:00 until 2025-09-17 10:00: beyond the 1 extension allowed"

  Scenario: Scenario 11: no renewal is requested, and the home grants itself an urgent authorisation the day the standard one expires
    Given it is 2025-03-03 09:00
    And Dorothy's standard authorisation, granted by the supervisory body at 2025-03-03 00:00, runs from 2025-03-03 00:00 until 2026-03-03 00:00, with the care home, the purpose and the qualifying requirements stated
    And Dorothy is deprived of liberty at Elm House from 2025-03-03 00:00: the front door is locked and she is not free to leave
    When it is 2026-03-03 10:00
    And at 2026-03-03 10:00 the registered manager grants Dorothy an urgent authorisation from 2026-03-03 10:00 until 2026-03-10 10:00
    And it is 2026-03-04 09:00
    Then the renewal request for Dorothy's standard authorisation is OVERDUE with time to review -33 h
    And the DoLS findings about Dorothy are:
      | rule    | about                      | from             | until            |
      | DOLS-06 | the deprivation of liberty | 2026-03-03 00:00 | 2026-03-03 10:00 |
      | DOLS-03 | the urgent authorisation   | 2026-03-03 10:00 | 2026-03-10 10:00 |
      | DOLS-06 | the deprivation of liberty | 2026-03-10 10:00 |                  |
    And the finding under DOLS-03 says "urgent authorisation granted 2026-03-03 10:00 when the standard authorisation expired at 2026-03-03 00:00: a further standard authorisation was to be requested instead"
    And Dorothy's case is NON_COMPLIANT

  Scenario Outline: An urgent authorisation within 28 days either side of the standard one's expiry is found
    Given it is 2025-03-03 09:00
    And Dorothy's standard authorisation, granted by the supervisory body at 2025-03-03 00:00, runs from 2025-03-03 00:00 until 2026-03-03 00:00, with the care home, the purpose and the qualifying requirements stated
    When at <granted at> the registered manager grants Dorothy an urgent authorisation from <granted at> until <until>
    Then there is <findings> finding under DOLS-03 about Dorothy

    Examples:
      | granted at       | until            | findings |
      | 2026-02-02 23:59 | 2026-02-09 23:59 | no       |
      | 2026-02-03 00:00 | 2026-02-10 00:00 | one      |
      | 2026-03-31 00:00 | 2026-04-07 00:00 | one      |
      | 2026-03-31 00:01 | 2026-04-07 00:01 | no       |

  Scenario Outline: A standard authorisation lasts at most 12 calendar months
    Given it is 2025-03-03 09:00
    And Dorothy's standard authorisation, granted by the supervisory body at 2025-03-03 00:00, runs from 2025-03-03 00:00 until <until>, with the care home, the purpose and the qualifying requirements stated
    Then there is <findings> finding under DOLS-04 about Dorothy

    Examples:
      | until            | findings |
      | 2026-03-03 00:00 | no       |
      | 2026-03-03 00:01 | one      |

  Scenario: A standard authorisation granted for 13 months is found from the end of the twelfth
    Given it is 2025-03-03 09:00
    And Dorothy's standard authorisation, granted by the supervisory body at 2025-03-03 00:00, runs from 2025-03-03 00:00 until 2026-04-03 00:00, with the care home, the purpose and the qualifying requirements stated
    When it is 2026-03-10 09:00
    Then the DoLS findings about Dorothy are:
      | rule    | about                      | from             | until            |
      | DOLS-04 | the standard authorisation | 2026-03-03 00:00 | 2026-04-03 00:00 |
    And the finding under DOLS-04 says "standard authorisation granted from 2025-03-03 00:00 until 2026-04-03 00:00: longer than the 12 months allowed, until 2026-03-03 00:00"

  Scenario: A standard authorisation that states everything raises no finding
    Given it is 2025-03-03 09:00
    And Dorothy's standard authorisation, granted by the supervisory body at 2025-03-03 09:00, runs from 2025-03-03 09:00 until 2026-03-03 00:00, with the care home, the purpose and the qualifying requirements stated
    Then there is no finding under DOLS-05 about Dorothy
    And Dorothy's case is COMPLIANT

  Scenario Outline: The authorisation is entered with only the care home stated, and the rest is added two days later
    Given it is 2025-03-03 09:00
    And Dorothy's standard authorisation, granted by the supervisory body at 2025-03-03 09:00, runs from 2025-03-03 09:00 until 2026-03-03 00:00, with only the care home stated
    And it is 2025-03-05 14:00
    When the DoLS lead adds the purpose and the qualifying requirements from the supervisory body's letter at 2025-03-05 14:00
    And it is <moment>
    Then the DoLS findings about Dorothy are:
      | rule    | about                      | from             | until            |
      | DOLS-05 | the standard authorisation | 2025-03-03 09:00 | 2025-03-05 14:00 |
    And the finding under DOLS-05 says "the standard authorisation does not state the purpose; why each qualifying requirement is met"
    And Dorothy's case is <case status>

    Examples:
      | moment           | case status   |
      | 2025-03-03 09:00 | NON_COMPLIANT |
      | 2025-03-05 13:59 | NON_COMPLIANT |
      | 2025-03-05 14:00 | COMPLIANT     |

  Scenario Outline: No renewal is requested before the standard authorisation expires
    Given it is 2025-03-03 09:00
    And Dorothy's standard authorisation, granted by the supervisory body at 2025-03-03 00:00, runs from 2025-03-03 00:00 until 2026-03-03 00:00, with the care home, the purpose and the qualifying requirements stated
    And Dorothy is deprived of liberty at Elm House from 2025-03-03 00:00: the front door is locked and she is not free to leave
    When it is <moment>
    Then the renewal request for Dorothy's standard authorisation is due by 2026-03-03 00:00
    And the renewal request for Dorothy's standard authorisation is <status> with time to review <time to review>
    And Dorothy's case is <case status>

    Examples:
      | moment           | status   | time to review | case status   |
      | 2026-02-03 00:00 | PENDING  | 672 h          | COMPLIANT     |
      | 2026-03-02 11:59 | PENDING  | 12 h 1 min     | COMPLIANT     |
      | 2026-03-02 12:00 | DUE_SOON | 12 h           | ATTENTION     |
      | 2026-03-03 00:00 | DUE_SOON | 0 min          | NON_COMPLIANT |
      | 2026-03-03 00:01 | OVERDUE  | -1 min         | NON_COMPLIANT |

  Scenario: A further request made on 10 February meets the duty on time
    Given it is 2025-03-03 09:00
    And Dorothy's standard authorisation, granted by the supervisory body at 2025-03-03 00:00, runs from 2025-03-03 00:00 until 2026-03-03 00:00, with the care home, the purpose and the qualifying requirements stated
    And Dorothy is deprived of liberty at Elm House from 2025-03-03 00:00: the front door is locked and she is not free to leave
    When it is 2026-02-10 09:00
    And at 2026-02-10 09:00 the registered manager requests a standard authorisation from the supervisory body
    And it is 2026-03-01 09:00
    Then the renewal request for Dorothy's standard authorisation is MET with time to review 177 h
    And Dorothy's case is COMPLIANT

  Scenario: A further request made the day after the expiry meets the duty late
    Given it is 2025-03-03 09:00
    And Dorothy's standard authorisation, granted by the supervisory body at 2025-03-03 00:00, runs from 2025-03-03 00:00 until 2026-03-03 00:00, with the care home, the purpose and the qualifying requirements stated
    And Dorothy is deprived of liberty at Elm House from 2025-03-03 00:00: the front door is locked and she is not free to leave
    When it is 2026-03-04 09:00
    And at 2026-03-04 09:00 the registered manager requests a standard authorisation from the supervisory body
    Then the renewal request for Dorothy's standard authorisation is MET_LATE with time to review 705 h

  Scenario: No renewal is due once Dorothy is no longer deprived of liberty
    Given it is 2025-03-03 09:00
    And Dorothy's standard authorisation, granted by the supervisory body at 2025-03-03 00:00, runs from 2025-03-03 00:00 until 2026-03-03 00:00, with the care home, the purpose and the qualifying requirements stated
    And Dorothy is deprived of liberty at Elm House from 2025-03-03 00:00: the front door is locked and she is not free to leave
    When it is 2026-01-20 15:00
    And Dorothy's deprivation of liberty ends at 2026-01-20 15:00
    And it is 2026-03-04 09:00
    Then no renewal request is due for Dorothy's standard authorisation
    And there is no finding under DOLS-06 about Dorothy

  Scenario Outline: The supervisory body has not yet decided the request made on 1 September
    Given it is 2025-09-01 14:00
    And at 2025-09-01 14:00 the registered manager requests a standard authorisation from the supervisory body
    When it is <moment>
    Then the supervisory body's decision on the request is due by 2025-09-22 14:00
    And the supervisory body's decision on the request is <status> with time to review <time to review>
    And Dorothy's case is <case status>

    Examples:
      | moment           | status   | time to review | case status   |
      | 2025-09-22 01:59 | PENDING  | 12 h 1 min     | COMPLIANT     |
      | 2025-09-22 02:00 | DUE_SOON | 12 h           | ATTENTION     |
      | 2025-09-22 14:00 | DUE_SOON | 0 min          | ATTENTION     |
      | 2025-09-22 14:01 | OVERDUE  | -1 min         | NON_COMPLIANT |

  Scenario Outline: The supervisory body decides the request, on time or late, whatever it decides
    Given it is 2025-09-01 14:00
    And at 2025-09-01 14:00 the registered manager requests a standard authorisation from the supervisory body
    When it is 2025-09-30 09:00
    And at <decided at> the supervisory body <decision> the request
    Then the supervisory body's decision on the request is <status> with time to review <time to review>

    Examples:
      | decided at       | decision | status   | time to review |
      | 2025-09-19 16:00 | grants   | MET      | 434 h          |
      | 2025-09-22 14:00 | refuses  | MET      | 504 h          |
      | 2025-09-22 14:01 | grants   | MET_LATE | 504 h 1 min    |
