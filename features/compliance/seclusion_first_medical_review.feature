Feature: A doctor reviews a person within the first hour of seclusion
  Rule SEC-01: The first medical review of seclusion is held within an hour of its start, unless a psychiatrist
  authorised the seclusion after assessing the person face to face.
  Source: MHA Code of Practice 2015 para 26.116 (as cited); Mersey Care seclusion audit, BJPsych Open 2022.
  Confidence: V2.

  The first medical review is due an hour after seclusion starts. A medical review meets it, and so does an MDT
  review in which a doctor takes part. When a psychiatrist decided on the seclusion after seeing the person face to
  face, no earlier than an hour before it started and no later than that first hour's end, the assessment is the
  first medical review and nothing more is owed for it. Nothing is owed for a seclusion that ends by the deadline.

  The review shows as due soon from 12 hours before the deadline, that is from the start. Time to review is the
  time left until the deadline (negative once overdue) or, once met, the time the review took to happen after the
  seclusion started. All times are UTC; 4 March 2025 is a Tuesday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers seclusion from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-04 10:05
    And staff recorded incident INC-301 for Alex, seclusion decided on by Ann Okafor (registered nurse):
      | practice  | from             | to |
      | seclusion | 2025-03-04 10:00 |    |

  Scenario: Reference scenario 1: the nurse in charge starts seclusion at 10:00 and the doctor comes at 11:30
    When it is 2025-03-04 11:35
    And a medical review of INC-301 is held at 2025-03-04 11:30 by Dr Tom Reid (doctor)
    Then the first medical review of INC-301 due by 2025-03-04 11:00 was met late, by 30 min
    And the first medical review of INC-301 due by 2025-03-04 11:00 is MET_LATE with time to review 1 h 30 min

  Scenario Outline: The first medical review around its deadline
    When it is 2025-03-04 12:00
    And a medical review of INC-301 is held at <held at> by Dr Tom Reid (doctor)
    Then the first medical review of INC-301 due by 2025-03-04 11:00 is <status> with time to review <time to review>

    Examples:
      | held at          | status   | time to review |
      | 2025-03-04 10:20 | MET      | 20 min         |
      | 2025-03-04 10:59 | MET      | 59 min         |
      | 2025-03-04 11:00 | MET      | 1 h            |
      | 2025-03-04 11:01 | MET_LATE | 1 h 1 min      |

  Scenario Outline: No doctor has come yet
    When it is <moment>
    Then the first medical review of INC-301 due by 2025-03-04 11:00 is <status> with time to review <time to review>

    Examples:
      | moment           | status   | time to review |
      | 2025-03-04 10:00 | DUE_SOON | 1 h            |
      | 2025-03-04 10:59 | DUE_SOON | 1 min          |
      | 2025-03-04 11:00 | DUE_SOON | 0 min          |
      | 2025-03-04 11:01 | OVERDUE  | -1 min         |
      | 2025-03-04 14:00 | OVERDUE  | -3 h           |

  Scenario: An MDT review is the first medical review only once a doctor takes part
    When it is 2025-03-04 11:30
    And an internal MDT review of INC-301 is held at 2025-03-04 10:40 by Dr Ana Cruz (psychologist) and Sam Lee (registered nurse)
    And an internal MDT review of INC-301 is held at 2025-03-04 10:55 by Dr Priya Shah (psychiatrist) and Sam Lee (registered nurse)
    Then the first medical review of INC-301 due by 2025-03-04 11:00 was met on time at 2025-03-04 10:55

  Scenario: A seclusion that ends at the end of its first hour needs no medical review
    When it is 2025-03-04 11:00
    And incident INC-301 ends at 2025-03-04 11:00
    Then no first medical review of INC-301 is due

  Scenario: A seclusion that ends a minute after its first hour still needed its medical review
    When it is 2025-03-04 11:01
    And incident INC-301 ends at 2025-03-04 11:01
    Then the first medical review of INC-301 due by 2025-03-04 11:00 is OVERDUE with time to review -1 min

  Scenario: The psychiatrist who assessed Alex five minutes before authorising seclusion has done its first medical review
    Given it is 2025-03-04 14:05
    When staff record incident INC-302 for Alex, seclusion authorised by Dr Priya Shah (psychiatrist) after assessing Alex at 2025-03-04 13:55:
      | practice  | from             | to |
      | seclusion | 2025-03-04 14:00 |    |
    And it is 2025-03-04 16:00
    Then no first medical review of INC-302 is due

  Scenario: An assessment exactly an hour before the seclusion still counts
    Given it is 2025-03-04 14:05
    When staff record incident INC-303 for Alex, seclusion authorised by Dr Priya Shah (psychiatrist) after assessing Alex at 2025-03-04 13:00:
      | practice  | from             | to |
      | seclusion | 2025-03-04 14:00 |    |
    Then no first medical review of INC-303 is due

  Scenario: An assessment more than an hour before the seclusion does not count
    Given it is 2025-03-04 14:05
    When staff record incident INC-304 for Alex, seclusion authorised by Dr Priya Shah (psychiatrist) after assessing Alex at 2025-03-04 12:59:
      | practice  | from             | to |
      | seclusion | 2025-03-04 14:00 |    |
    And it is 2025-03-04 16:00
    Then the first medical review of INC-304 due by 2025-03-04 15:00 is OVERDUE with time to review -1 h

  Scenario: An assessment by a doctor who is not a psychiatrist does not take the place of the first medical review
    Given it is 2025-03-04 14:05
    When staff record incident INC-305 for Alex, seclusion authorised by Dr Tom Reid (doctor) after assessing Alex at 2025-03-04 13:55:
      | practice  | from             | to |
      | seclusion | 2025-03-04 14:00 |    |
    And it is 2025-03-04 15:01
    Then the first medical review of INC-305 due by 2025-03-04 15:00 is OVERDUE with time to review -1 min
