Feature: A use-of-force record is kept for 3 years from when it was made
  Rule UOF-04: A use-of-force record is kept for 3 years from when it was made: nothing may erase it sooner.
  Source: Mental Health Units (Use of Force) Act 2018 s6(6).
  Confidence: V1.

  rpledger never changes or deletes what it has recorded, so it keeps every record for good. A hospital's own
  systems may purge old copies, though, and the purge has to leave out every use-of-force record still within its
  3 years. The 3 years run from when the record was made, the moment it was first entered, not from when the force
  was used, and end at the same minute three years on: the record may be erased from that minute, not before.
  Another retention schedule, such as the NHS records code, may keep a record longer, and then the longer period
  wins; that is for the hospital to apply. All times are UTC; 10 April 2023 is a Monday.

  Background:
    Given it is 2023-04-01 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint and prone restraint from 2023-04-01 09:00 until 2023-09-30 09:00
    And it is 2023-04-10 10:00
    And staff recorded incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2023-04-10 09:40 | 2023-04-10 09:43 |
      | prone restraint    | 2023-04-10 09:43 | 2023-04-10 09:52 |

  Scenario: Scenario 12: a purge on 1 March 2026 of records older than two years is blocked
    When the hospital's purge job runs at 2026-03-01 02:00, selecting the records made before 2024-03-01 00:00
    Then the purge selects the record of INC-101
    And the purge is blocked: the record of INC-101 may not be erased before 2026-04-10 10:00
    And rpledger still holds the record of INC-101

  Scenario Outline: The record may be erased from the minute its 3 years are up
    When the hospital's purge job runs at <runs at>, selecting the records made before 2024-03-01 00:00
    Then erasing the record of INC-101 is <verdict>

    Examples:
      | runs at          | verdict                          |
      | 2026-04-10 09:59 | refused until 2026-04-10 10:00   |
      | 2026-04-10 10:00 | permitted                        |
      | 2027-01-04 02:00 | permitted                        |

  Scenario Outline: The purge selects a record only if it was made before the purge's date
    When the hospital's purge job runs at 2026-03-01 02:00, selecting the records made before <before>
    Then the purge selects <selected>

    Examples:
      | before           | selected                 |
      | 2023-04-10 10:00 | no records               |
      | 2023-04-10 10:01 | the record of INC-101    |

  Scenario: A restraint recorded the morning after is kept for 3 years from the morning after
    Given it is 2023-06-02 08:30
    And staff recorded incident INC-102 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2023-06-01 23:10 | 2023-06-01 23:18 |
    When the hospital's purge job runs at 2026-06-02 08:00, selecting the records made before 2024-03-01 00:00
    Then erasing the record of INC-101 is permitted
    And erasing the record of INC-102 is refused until 2026-06-02 08:30

  Scenario: Asked to erase the record early, the check names the earliest permitted erasure
    When the hospital asks to erase the record of INC-101 at 2026-03-01 02:00
    Then the erasure is refused: the record was made 2023-04-10 10:00 and the earliest permitted erasure is 2026-04-10 10:00
