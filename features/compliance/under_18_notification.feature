Feature: CQC is told when a young person has been on an adult psychiatric ward for more than 48 hours
  Rule NOTIF-01: CQC is notified when a person under 18 has been on an adult psychiatric ward for more than 48
  hours.
  Source: CQC (Registration) Regulations 2009 reg 18 as amended by SI 2012/921.
  Confidence: V1.

  When someone under 18 is admitted to an adult ward, the notification to CQC falls due once they have been there
  for 48 hours, if they are still on the ward and still under 18 then. It is due at that moment: the ward manager
  sees it as due at the 48th hour and it is overdue from the minute after, until it is sent. A notification sent
  at any time since the admission counts; a stay that ends within the 48 hours, a ward for young people, or a
  birthday that makes the person an adult first (at midnight starting the day) means nothing is due. A person's
  age is worked out from the date of birth on their record, as corrected.

  Time to review is the time left until the deadline (negative once overdue) or, once met, the time from the 48th
  hour to the notification. All times are UTC; 1 May 2025 is a Thursday.

  Background:
    Given it is 2025-04-28 09:00
    And Sam Reid is a patient of the mental health unit, born on 2007-11-20

  Scenario: Scenario 15: a 17-year-old admitted to an adult acute ward on Thursday morning
    Given it is 2025-05-01 09:00
    When Sam is admitted to Oak Ward, an adult acute ward, at 2025-05-01 09:00
    Then the notification to CQC about Sam's stay on Oak Ward is due by 2025-05-03 09:00

  Scenario Outline: Sam is still on Oak Ward on Saturday morning and CQC has not been told
    Given it is 2025-05-01 09:00
    And Sam is admitted to Oak Ward, an adult acute ward, at 2025-05-01 09:00
    When it is <moment>
    Then the notification to CQC about Sam's stay on Oak Ward is <state>
    And Sam's case is <case status>

    Examples:
      | moment           | state                              | case status   |
      | 2025-05-03 08:59 | not yet due                        | COMPLIANT     |
      | 2025-05-03 09:00 | DUE_SOON with time to review 0 min | ATTENTION     |
      | 2025-05-03 09:01 | OVERDUE with time to review -1 min | NON_COMPLIANT |
      | 2025-05-05 09:00 | OVERDUE with time to review -48 h  | NON_COMPLIANT |

  Scenario Outline: The ward manager notifies CQC, on time or late
    Given it is 2025-05-01 09:00
    And Sam is admitted to Oak Ward, an adult acute ward, at 2025-05-01 09:00
    When it is 2025-05-06 12:00
    And the ward manager notifies CQC at <sent at> that Sam, under 18, is on an adult ward
    Then the notification to CQC about Sam's stay on Oak Ward is <state>
    And Sam's case is COMPLIANT

    Examples:
      | sent at          | state                                 |
      | 2025-05-02 16:00 | MET                                   |
      | 2025-05-03 09:00 | MET with time to review 0 min         |
      | 2025-05-03 09:01 | MET_LATE with time to review 1 min    |
      | 2025-05-06 11:00 | MET_LATE with time to review 74 h     |

  Scenario: A notification sent before the admission does not count for it
    Given it is 2025-05-01 09:00
    And the ward manager notifies CQC at 2025-04-30 18:00 that Sam, under 18, is on an adult ward
    And Sam is admitted to Oak Ward, an adult acute ward, at 2025-05-01 09:00
    When it is 2025-05-03 09:01
    Then the notification to CQC about Sam's stay on Oak Ward is OVERDUE with time to review -1 min

  Scenario Outline: A stay that ends within the 48 hours needs no notification
    Given it is 2025-05-01 09:00
    And Sam is admitted to Oak Ward, an adult acute ward, at 2025-05-01 09:00
    When Sam is discharged from Oak Ward at <discharged at>
    And it is 2025-05-05 09:00
    Then <count> notification to CQC is due about Sam's stay on Oak Ward

    Examples:
      | discharged at    | count |
      | 2025-05-03 08:59 | no    |
      | 2025-05-03 09:00 | no    |
      | 2025-05-03 09:01 | one   |

  Scenario Outline: Someone who turns 18 before the 48 hours are up needs no notification
    Given Jordan Lee is a patient of the mental health unit, born on <born>
    And it is 2025-05-01 09:00
    When Jordan is admitted to Oak Ward, an adult acute ward, at 2025-05-01 09:00
    Then <count> notification to CQC is due about Jordan's stay on Oak Ward

    Examples:
      | born       | count |
      | 2007-04-30 | no    |
      | 2007-05-02 | no    |
      | 2007-05-03 | no    |
      | 2007-05-04 | one   |

  Scenario: A stay on a ward for young people needs no notification
    Given it is 2025-05-01 09:00
    When Sam is admitted to Willow Unit, a ward for young people, at 2025-05-01 09:00
    And it is 2025-05-05 09:00
    Then no notification to CQC is due about Sam's stay on Willow Unit
    And Sam's case is COMPLIANT

  Scenario: A date of birth added after the 48 hours shows the notification overdue since the 48th hour
    Given Kai Brown is a patient of the mental health unit, date of birth not recorded
    And it is 2025-05-01 09:00
    And Kai is admitted to Oak Ward, an adult acute ward, at 2025-05-01 09:00
    And it is 2025-05-04 10:00
    When the ward administrator adds Kai's date of birth, 2008-01-15, from the GP's letter
    Then the notification to CQC about Kai's stay on Oak Ward is OVERDUE with time to review -25 h
