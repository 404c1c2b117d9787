Feature: Blanket restrictions are justified and reviewed
  Rule BLK-01: A blanket restriction is justified as necessary and proportionate, with its reasons documented.
  Source: MHA Code of Practice 2015 ch 8 (about 8.5-8.14). Confidence: R.
  Rule BLK-02: A blanket restriction, subtle ones included, is reviewed regularly.
  Source: CQC Monitoring the Mental Health Act 2022/23: restrictive practices. Confidence: V1.

  A blanket restriction applies to everyone on a ward or in a service, or to a whole group of people, rather than to
  one person because of their own risks. Until its reasons are written down, with who approved them, the restriction
  is found without a justification. The provider reviews every blanket restriction every 3 calendar months: the
  first review is due 3 months after it was brought in, each later one 3 months after the last review held. The
  review shows as due soon from 12 hours before its deadline and overdue after it. Once lifted, a restriction needs
  no more reviews and leaves the register.

  CQC names some restrictions as "subtle": no hot drinks after a set time, food and drink, visitors, phones, the
  internet and bedroom access. The register shows these at high priority. All times are UTC.

  Background:
    Given Elm House is an adult social care service

  Scenario: A restriction justified when it is brought in is not found
    Given it is 2025-01-10 09:00
    And the manager of Elm House brings in "No hot drinks after 21:00" for all residents of Elm House, restricting hot drinks
    And the restriction is justified at 2025-01-10 09:00 by the governance group: "Two residents scalded at night"
    When it is 2025-02-01 09:00
    Then no finding is open about the restriction
    And the restriction is COMPLIANT

  Scenario Outline: A restriction brought in without its reasons is found until they are written down
    Given it is 2025-01-10 09:00
    And the manager of Elm House brings in "No hot drinks after 21:00" for all residents of Elm House, restricting hot drinks
    And the restriction is justified at 2025-01-24 15:00 by the governance group: "Two residents scalded at night"
    When it is <moment>
    Then the finding of no documented justification since 2025-01-10 09:00 is <finding>
    And the restriction is <status>

    Examples:
      | moment           | finding | status        |
      | 2025-01-10 09:00 | open    | NON_COMPLIANT |
      | 2025-01-24 14:59 | open    | NON_COMPLIANT |
      | 2025-01-24 15:00 | closed  | COMPLIANT     |

  Scenario: A review a week before the deadline meets it, and the next runs 3 months from the review
    Given it is 2025-01-10 09:00
    And the manager of Elm House brings in "Visiting only from 14:00 to 17:00" for all residents of Elm House, restricting visitors
    And the restriction is justified at 2025-01-10 09:00 by the governance group: "Night staffing cannot supervise visits"
    When the restriction is reviewed at 2025-04-03 11:00 by the governance group, who keep it: "Staffing unchanged"
    And it is 2025-05-01 09:00
    Then the review of the restriction due by 2025-04-10 09:00 is MET
    And the next review of the restriction is due by 2025-07-03 11:00
    And the restriction is COMPLIANT

  Scenario: A review after the deadline meets it late
    Given it is 2025-01-10 09:00
    And the manager of Elm House brings in "Visiting only from 14:00 to 17:00" for all residents of Elm House, restricting visitors
    And the restriction is justified at 2025-01-10 09:00 by the governance group: "Night staffing cannot supervise visits"
    When the restriction is reviewed at 2025-04-24 10:00 by the governance group, who keep it: "Staffing unchanged"
    And it is 2025-05-01 09:00
    Then the review of the restriction due by 2025-04-10 09:00 is MET_LATE
    And the next review of the restriction is due by 2025-07-24 10:00

  Scenario Outline: The review falls due at the very minute three months after the restriction was brought in
    Given it is 2025-01-10 09:00
    And the manager of Elm House brings in "Bedrooms locked from 10:00 to 16:00" for all residents of Elm House, restricting bedroom access
    And the restriction is justified at 2025-01-10 09:00 by the governance group: "Residents asked for quiet days"
    When it is <moment>
    Then the review of the restriction due by 2025-04-10 09:00 is <status>
    And the restriction is <restriction status>

    Examples:
      | moment           | status   | restriction status |
      | 2025-04-09 20:59 | PENDING  | COMPLIANT          |
      | 2025-04-09 21:00 | DUE_SOON | ATTENTION          |
      | 2025-04-10 09:00 | DUE_SOON | ATTENTION          |
      | 2025-04-10 09:01 | OVERDUE  | NON_COMPLIANT      |

  Scenario Outline: A review held at the deadline is on time, a minute later it is late
    Given it is 2025-01-10 09:00
    And the manager of Elm House brings in "Bedrooms locked from 10:00 to 16:00" for all residents of Elm House, restricting bedroom access
    When the restriction is reviewed at <held at> by the governance group, who keep it: "Residents still want quiet days"
    And it is 2025-04-11 09:00
    Then the review of the restriction due by 2025-04-10 09:00 is <status>

    Examples:
      | held at          | status   |
      | 2025-04-10 09:00 | MET      |
      | 2025-04-10 09:01 | MET_LATE |

  Scenario: A restriction brought in at the end of November is reviewed by the end of February
    Given it is 2024-11-30 18:00
    And the manager of Elm House brings in "Mobile phones handed in at night" for all residents of Elm House, restricting phones
    When it is 2025-02-01 09:00
    Then the next review of the restriction is due by 2025-02-28 18:00

  Scenario: A lifted restriction needs no more reviews and leaves the register
    Given it is 2025-01-10 09:00
    And the manager of Elm House brings in "No hot drinks after 21:00" for all residents of Elm House, restricting hot drinks
    And the restriction is justified at 2025-01-10 09:00 by the governance group: "Two residents scalded at night"
    When the restriction is lifted at 2025-03-01 10:00: "Kettles with automatic cut-outs fitted"
    And it is 2025-05-01 09:00
    Then no review of the restriction is due
    And the restriction is COMPLIANT
    And the register of Elm House does not list the restriction
    But the register of Elm House with lifted restrictions lists it, lifted at 2025-03-01 10:00

  Scenario: A review that decides to end the restriction lifts it
    Given it is 2025-01-10 09:00
    And the manager of Elm House brings in "Internet off from 23:00" for all residents of Elm House, restricting internet
    When the restriction is reviewed at 2025-04-01 10:00 by the governance group, who end it: "No longer needed"
    And it is 2025-05-01 09:00
    Then the review of the restriction due by 2025-04-10 09:00 is MET
    And no review of the restriction is due
    And the register of Elm House does not list the restriction

  Scenario: A resident is exempted from a restriction
    Given it is 2025-01-10 09:00
    And the manager of Elm House brings in "No hot drinks after 21:00" for all residents of Elm House, restricting hot drinks
    When Dorothy Reid is exempted from the restriction at 2025-02-03 12:00: "Own kettle with a cut-out; assessed safe"
    And it is 2025-02-04 09:00
    Then Dorothy Reid is recorded as exempt from the restriction since 2025-02-03 12:00: "Own kettle with a cut-out; assessed safe"
    And the register of Elm House lists the restriction with 1 exemption

  Scenario: Scenario 14, a blanket restriction with no justification and no review
    Given it is 2025-01-10 09:00
    And the manager of Elm House brings in "No hot drinks after 21:00" for all residents of Elm House, restricting hot drinks
    When it is 2025-05-01 09:00
    Then the restriction is found without a documented justification since 2025-01-10 09:00
    And the review of the restriction due by 2025-04-10 09:00 is OVERDUE
    And the restriction is NON_COMPLIANT
    And the restriction is high priority, as a subtle restriction CQC names

  Scenario: A restriction CQC does not name as subtle is of standard priority
    Given it is 2025-01-10 09:00
    And the manager of Elm House brings in "Cigarettes kept by staff" for all residents of Elm House, restricting smoking
    Then the restriction is standard priority
