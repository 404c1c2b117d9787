Feature: Seclusion is used only for people detained under the Mental Health Act
  Rule SEC-00: Seclusion is used only for people detained under the Mental Health Act; an informal patient who has
  to be secluded should be considered for detention.
  Source: Positive and Proactive Care 2014 key actions; earlier Code of Practice.
  Confidence: V2.

  Each seclusion is checked at the minute it starts: a detention under the Mental Health Act must already have been
  granted then, and be in force then. Seclusion of a person who was not detained is a finding from the minute it
  started. Granting a detention afterwards does not change what happened; a clinician may record why the guidance
  was departed from. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers seclusion from 2025-02-20 09:00 until 2025-03-20 09:00
    And Ben Carter is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder  | relevant characteristics | learning disability or autism |
      | 485 777 3456 | bipolar disorder | man, 52, White British   | no                            |

  Scenario: Alex is secluded while he is detained
    Given it is 2025-03-04 09:05
    When staff record incident INC-101 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 09:00 |    |
    Then no finding under SEC-00 is open about INC-101

  Scenario: Alex is secluded in the last minute of his detention
    Given it is 2025-03-20 09:00
    When staff record incident INC-102 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-20 08:59 |    |
    Then no finding under SEC-00 is open about INC-102

  Scenario: Alex is secluded at the minute his detention lapsed
    Given it is 2025-03-20 09:05
    When staff record incident INC-103 for Alex, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-20 09:00 |    |
    Then INC-103 is found to be seclusion of a person not detained under the Mental Health Act, from 2025-03-20 09:00

  Scenario: Ben, an informal patient, is secluded
    Given it is 2025-03-04 09:05
    When staff record incident INC-201 for Ben, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 09:00 |    |
    Then INC-201 is found to be seclusion of a person not detained under the Mental Health Act, from 2025-03-04 09:00

  Scenario: Ben is detained an hour after his seclusion started: the detention does not reach back
    Given it is 2025-03-04 09:05
    And staff recorded incident INC-202 for Ben, with a complete use-of-force record:
      | practice  | from             | to |
      | seclusion | 2025-03-04 09:00 |    |
    And at 2025-03-04 10:00 Dr Priya Shah grants Ben a detention under the Mental Health Act covering seclusion from 2025-03-04 09:00 until 2025-04-01 09:00
    When it is 2025-03-04 10:05
    Then INC-202 is found to be seclusion of a person not detained under the Mental Health Act, from 2025-03-04 09:00
