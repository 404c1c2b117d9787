Feature: Going to the floor is avoided, and when it cannot be, the record says why
  Rule RES-06: Going to the floor in restraint is avoided; where it cannot be, the reason is recorded (and supine is
  preferred to prone).
  Source: NICE NG10 recs 1.4.4-1.4.6, 1.4.24, 1.4.29 (implementation page).
  Confidence: V1.

  A restraint that went to the floor, holding the person prone, supine or on their side, must record why going to
  the floor could not be avoided. Without it the restraint is a finding from the minute it ended, naming the
  positions and their times. A reason added later closes the finding from the moment it was added. Standing,
  seated and kneeling holds do not go to the floor. The rule is a departure from NICE guidance, which a clinician
  may justify. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint, prone restraint, supine restraint, side restraint, seated restraint and kneeling restraint from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-03 11:40

  Scenario: A restraint taken to the floor, with the reason recorded, raises no finding
    When staff record incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | supine restraint   | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff check Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    Then no finding under RES-06 is open about INC-101
    And Alex's case is COMPLIANT

  Scenario Outline: A <position> restraint with no reason why going to the floor could not be avoided
    When staff record incident INC-101 for Alex, the record leaving out the reason for going to the floor:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | <position>         | 2025-03-03 11:07 | 2025-03-03 11:15 |
    Then the findings under RES-06 about INC-101 are:
      | from             | until | finding                                                                                                    |
      | 2025-03-03 11:15 |       | taken to the floor (<held> from 2025-03-03 11:07 to 11:15) with no reason recorded why it could not be avoided |

    Examples:
      | position         | held   |
      | prone restraint  | prone  |
      | supine restraint | supine |
      | side restraint   | side   |

  Scenario Outline: A <position> stays off the floor and needs no such reason
    When staff record incident INC-101 for Alex, the record leaving out the reason for going to the floor:
      | practice   | from             | to               |
      | <position> | 2025-03-03 11:05 | 2025-03-03 11:15 |
    Then no finding under RES-06 is open about INC-101

    Examples:
      | position           |
      | standing restraint |
      | seated restraint   |
      | kneeling restraint |

  Scenario Outline: The nurse in charge adds the reason at 16:30, closing the finding from then on
    Given staff recorded incident INC-101 for Alex, the record leaving out the reason for going to the floor:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | supine restraint   | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff checked Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    And it is 2025-03-03 16:30
    When the nurse in charge adds to the record of INC-101 the reason for going to the floor: "Alex lost his footing and pulled both staff down; they held him supine until he was calm"
    And it is <moment>
    Then Alex's case is <case status>

    Examples:
      | moment           | case status   |
      | 2025-03-03 11:14 | COMPLIANT     |
      | 2025-03-03 11:15 | NON_COMPLIANT |
      | 2025-03-03 16:29 | NON_COMPLIANT |
      | 2025-03-03 16:30 | COMPLIANT     |

  Scenario: A restraint that went prone without either reason is found twice: once for prone, once for the floor
    When staff record incident INC-101 for Alex, the record leaving out the reason for going prone and the reason for going to the floor:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    Then the findings open about INC-101 are:
      | rule   | from             | finding                                                                                                   |
      | RES-01 | 2025-03-03 11:15 | prone restraint from 2025-03-03 11:07 to 11:15 without a documented cogent reason                         |
      | RES-06 | 2025-03-03 11:15 | taken to the floor (prone from 2025-03-03 11:07 to 11:15) with no reason recorded why it could not be avoided |
