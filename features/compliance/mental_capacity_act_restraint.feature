Feature: Restraint under the Mental Capacity Act records why it was necessary, why proportionate, and what else was tried
  Rule MCA-01: Restraint under the Mental Capacity Act records the belief that it was necessary to prevent harm and
  why it was proportionate to the likelihood and seriousness of that harm.
  Source: Mental Capacity Act 2005 s6(1)-(3).
  Confidence: V1.

  Rule MCA-03: Restraint under the Mental Capacity Act records the less restrictive options considered.
  Source: Mental Capacity Act 2005 s1(6); Explanatory Notes para 42.
  Confidence: V1.

  In adult social care every restriction of a person who lacks capacity is done under the Act, including one the
  person does not resist, such as a locked front door. In a hospital a restriction is under the Act when a
  best-interests decision covers it; one done under detention alone is not. The Act asks for the reasoning before
  the act, so the record is judged from the minute the restriction started, whether or not it has ended. A reason
  added later closes the finding from the moment it was added. All times are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Dorothy Evans is a resident of Elm House, an adult social care service
    And Dorothy's best-interests decision, granted by Mary Doyle, registered manager, covers seated restraint and a locked front door from 2025-01-06 10:00 until 2025-07-06 10:00
    And it is 2025-03-03 08:00

  Scenario: Restraint during personal care, with its reasoning recorded, raises no finding
    When staff record incident INC-201 for Dorothy:
      | practice         | from             | to               |
      | seated restraint | 2025-03-03 07:30 | 2025-03-03 07:40 |
    Then no finding under MCA-01 is open about INC-201
    And no finding under MCA-03 is open about INC-201
    And Dorothy's case is COMPLIANT

  Scenario Outline: The record leaves out why the restraint was necessary and proportionate
    Given staff recorded incident INC-201 for Dorothy, the record leaving out the belief that it was necessary and why it was proportionate:
      | practice         | from             | to               |
      | seated restraint | 2025-03-03 07:30 | 2025-03-03 07:40 |
    When it is <moment>
    Then Dorothy's case is <case status>
    And the findings under MCA-01 about INC-201 are:
      | from             | until | finding                                                                                                                                                                                                  |
      | 2025-03-03 07:30 |       | restraint under the Mental Capacity Act; missing the belief that it was necessary to prevent harm to the person (MCA s6(2)); why it was proportionate to the likelihood and seriousness of that harm (MCA s6(3)) |

    Examples:
      | moment           | case status   |
      | 2025-03-03 07:29 | COMPLIANT     |
      | 2025-03-03 07:30 | NON_COMPLIANT |

  Scenario Outline: The manager adds the less restrictive options considered at 09:00, closing the finding from then on
    Given staff recorded incident INC-201 for Dorothy, the record leaving out the less restrictive options considered:
      | practice         | from             | to               |
      | seated restraint | 2025-03-03 07:30 | 2025-03-03 07:40 |
    And it is 2025-03-03 09:00
    When the registered manager adds to the record of INC-201 the less restrictive options considered: "Her daughter's routine of singing first, and a later shower, were tried on Friday and Saturday"
    And it is <moment>
    Then Dorothy's case is <case status>
    And the findings under MCA-03 about INC-201 are:
      | from             | until            | finding                                                                                              |
      | 2025-03-03 07:30 | 2025-03-03 09:00 | restraint under the Mental Capacity Act; missing the less restrictive options considered (MCA s1(6)) |

    Examples:
      | moment           | case status   |
      | 2025-03-03 08:59 | NON_COMPLIANT |
      | 2025-03-03 09:00 | COMPLIANT     |

  Scenario: A locked front door Dorothy does not resist is still restraint, judged from the minute it was locked
    When staff record incident INC-202 for Dorothy, the record leaving out the less restrictive options considered:
      | practice          | from             | to |
      | locked front door | 2025-03-03 07:00 |    |
    Then the findings under MCA-03 about INC-202 are:
      | from             | until | finding                                                                                              |
      | 2025-03-03 07:00 |       | restraint under the Mental Capacity Act; missing the less restrictive options considered (MCA s1(6)) |

  Scenario: In a hospital, restraint under a best-interests decision is judged under the Act
    Given Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder                  | relevant characteristics | learning disability or autism |
      | 943 476 5919 | dementia with delirium, informal | man, 78, White British   | no                            |
    And Alex's best-interests decision, granted by Dr Priya Shah, covers seated restraint from 2025-02-20 09:00 until 2025-05-20 09:00
    When staff record incident INC-101 for Alex, the record leaving out the less restrictive options considered:
      | practice         | from             | to               |
      | seated restraint | 2025-03-03 07:30 | 2025-03-03 07:35 |
    Then the findings under MCA-03 about INC-101 are:
      | from             | until | finding                                                                                              |
      | 2025-03-03 07:30 |       | restraint under the Mental Capacity Act; missing the less restrictive options considered (MCA s1(6)) |

  Scenario: In a hospital, restraint under detention alone is not judged under the Act
    Given Ben Carter is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder             | relevant characteristics | learning disability or autism |
      | 485 777 3456 | not known, under assessment | man, 19, White British   | no                            |
    And Ben's detention under the Mental Health Act, granted by Dr Priya Shah, covers seated restraint from 2025-02-20 09:00 until 2025-03-31 09:00
    When staff record incident INC-301 for Ben, the record leaving out the belief that it was necessary, why it was proportionate and the less restrictive options considered:
      | practice         | from             | to               |
      | seated restraint | 2025-03-03 07:30 | 2025-03-03 07:35 |
    Then no finding under MCA-01 is open about INC-301
    And no finding under MCA-03 is open about INC-301
