Feature: Prone restraint only for cogent reasons, and the reasons written down
  Rule RES-01: Prone restraint is not used without cogent, documented reasons.
  Source: MHA Code of Practice 2015 para 26.70; Positive and Proactive Care 2014 key actions.
  Confidence: V2 (the Code's wording read as quoted in a secondary source).

  Holding a person face down has killed people. The Code allows it only for cogent reasons, and the record of any
  restraint that went prone must give them. Without them the restraint is a finding from the minute it ended, when
  the record should have been complete; the finding names the times the person was held prone. A reason added
  later closes the finding from the moment it was added, not before: the gap stays on the record for inspectors to
  see. The rule is a departure from statutory guidance, which a clinician may justify. It applies in every
  setting. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint and prone restraint from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-03 11:40

  Scenario: A prone restraint whose record gives the cogent reason raises no finding
    When staff record incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff check Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    Then no finding under RES-01 is open about INC-101
    And Alex's case is COMPLIANT

  Scenario: Scenario 7: thirteen minutes of restraint, prone without a reason, and an incomplete record
    When staff record incident INC-101 for Alex, the record leaving out the reason for going prone, the efforts made to avoid force and the staff's job titles:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:02 | 2025-03-03 11:04 |
      | prone restraint    | 2025-03-03 11:04 | 2025-03-03 11:15 |
    Then the findings open about INC-101 are:
      | rule   | from             | finding                                                                                                           |
      | RES-03 | 2025-03-03 11:12 | manual restraint lasted 13 min, over the 10 min guidance                                                          |
      | RES-01 | 2025-03-03 11:15 | prone restraint from 2025-03-03 11:04 to 11:15 without a documented cogent reason                                 |
      | UOF-03 | 2025-03-03 11:15 | missing s6(5)(h) the name and job title of each member of staff; s6(5)(o) the efforts made to avoid using force |
    And Alex's case is NON_COMPLIANT

  Scenario Outline: The nurse in charge adds the reason at 16:30, closing the finding from then on
    Given staff recorded incident INC-101 for Alex, the record leaving out the reason for going prone:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff checked Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    And it is 2025-03-03 16:30
    When the nurse in charge adds to the record of INC-101 the reason for going prone: "Alex had a nurse pinned against the wall and was biting her arm; prone was the only hold that freed her"
    And it is <moment>
    Then Alex's case is <case status>

    Examples:
      | moment           | case status   |
      | 2025-03-03 11:14 | COMPLIANT     |
      | 2025-03-03 11:15 | NON_COMPLIANT |
      | 2025-03-03 16:29 | NON_COMPLIANT |
      | 2025-03-03 16:30 | COMPLIANT     |

  Scenario: The finding stays on the record from the end of the restraint until the reason was added
    Given staff recorded incident INC-101 for Alex, the record leaving out the reason for going prone:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And it is 2025-03-04 09:10
    When the nurse in charge adds to the record of INC-101 the reason for going prone: "Alex had a nurse pinned against the wall; prone was the only hold that freed her"
    Then no finding under RES-01 is open about INC-101
    And the findings under RES-01 about INC-101 are:
      | from             | until            | finding                                                                           |
      | 2025-03-03 11:15 | 2025-03-04 09:10 | prone restraint from 2025-03-03 11:07 to 11:15 without a documented cogent reason |

  Scenario: A restraint that never went prone needs no reason for prone
    When staff record incident INC-102 for Alex, the record leaving out the reason for going prone:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:12 |
    Then no finding under RES-01 is open about INC-102

  Scenario: In adult social care the same reason is needed
    Given Dorothy Evans is a resident of Elm House, an adult social care service
    And it is 2025-03-03 08:00
    When staff record incident INC-201 for Dorothy, the record leaving out the reason for going prone:
      | practice        | from             | to               |
      | prone restraint | 2025-03-03 07:30 | 2025-03-03 07:33 |
    Then the findings under RES-01 about INC-201 are:
      | from             | until | finding                                                                           |
      | 2025-03-03 07:33 |       | prone restraint from 2025-03-03 07:30 to 07:33 without a documented cogent reason |
