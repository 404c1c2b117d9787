Feature: Manual restraint does not routinely last more than ten minutes
  Rule RES-03: Manual restraint does not routinely last more than 10 minutes; alternatives such as rapid
  tranquillisation or seclusion are considered.
  Source: NICE NG10 section 1.4 (10 minutes recalled); NG10 implementation page for the risk of prone restraint at
  10 minutes.
  Confidence: R (recalled, not verified against the primary text).

  A manual restraint is timed from the moment staff first take hold until they let go: a hold that changes
  position, standing then prone, is one restraint. Letting go and taking hold again later, or a spell in seclusion
  between two holds, makes two restraints, each timed on its own. A restraint that lasts longer than the unit's
  limit, ten minutes here, is a finding from the minute it passed the limit; one of exactly ten minutes is within
  it. The rule is a departure from NICE guidance, which a clinician may justify. All times are UTC; 3 March 2025 is
  a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers standing restraint, prone restraint, seated restraint, restrictive escort and seclusion from 2025-02-20 09:00 until 2025-08-20 09:00
    And it is 2025-03-03 11:40

  Scenario Outline: Scenario 7: standing for two minutes, then prone for eleven, is found from the minute it passed ten
    Given staff recorded incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:02 | 2025-03-03 11:04 |
      | prone restraint    | 2025-03-03 11:04 | 2025-03-03 11:15 |
    When it is <moment>
    Then Alex's case is <case status>
    And the findings under RES-03 about INC-101 are:
      | from             | until | finding                                                  |
      | 2025-03-03 11:12 |       | manual restraint lasted 13 min, over the 10 min guidance |

    Examples:
      | moment           | case status   |
      | 2025-03-03 11:11 | COMPLIANT     |
      | 2025-03-03 11:12 | NON_COMPLIANT |

  Scenario: A restraint of exactly ten minutes is within the guidance
    When staff record incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | prone restraint    | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff check Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    Then no finding under RES-03 is open about INC-101
    And Alex's case is COMPLIANT

  Scenario: A restraint of eleven minutes is a minute over
    When staff record incident INC-102 for Alex, with a complete use-of-force record:
      | practice         | from             | to               |
      | seated restraint | 2025-03-03 11:04 | 2025-03-03 11:15 |
    Then the findings under RES-03 about INC-102 are:
      | from             | until | finding                                                  |
      | 2025-03-03 11:14 |       | manual restraint lasted 11 min, over the 10 min guidance |

  Scenario: Letting go and taking hold again makes two restraints, each within the guidance
    When staff record incident INC-103 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:00 | 2025-03-03 11:08 |
      | standing restraint | 2025-03-03 11:10 | 2025-03-03 11:18 |
    Then no finding under RES-03 is open about INC-103

  Scenario: The escort back from seclusion is timed on its own
    Given it is 2025-03-03 14:00
    When staff record incident INC-104 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:00 | 2025-03-03 11:06 |
      | seclusion          | 2025-03-03 11:06 | 2025-03-03 13:00 |
      | restrictive escort | 2025-03-03 13:00 | 2025-03-03 13:12 |
    Then the findings under RES-03 about INC-104 are:
      | from             | until | finding                                                  |
      | 2025-03-03 13:10 |       | manual restraint lasted 12 min, over the 10 min guidance |

  Scenario: In adult social care NICE NG10's ten minutes is not applied
    Given Dorothy Evans is a resident of Elm House, an adult social care service
    And it is 2025-03-03 08:00
    When staff record incident INC-201 for Dorothy:
      | practice         | from             | to               |
      | seated restraint | 2025-03-03 07:30 | 2025-03-03 07:45 |
    Then no finding under RES-03 is open about INC-201
