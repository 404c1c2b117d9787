Feature: What a ward manager reads through the API agrees with the rules
  The other compliance features check each rule against rpledger itself. These scenarios take five of the reference
  scenarios (regulatory reference, section 4: scenarios 1, 6, 10, 14 and 15) through rpledger's GraphQL API instead,
  as a ward's electronic record or an inspector's audit tool uses it: every entry is made through the API, and every
  answer is read back from it, either now or as at an earlier moment the question names. The API must show the ward
  manager what the rule features find: the same deadlines, statuses, times to review and findings, and the same
  minute at which something due becomes overdue.

  A duty shows as due soon from 12 hours before its deadline up to and including the deadline itself, and as overdue
  from the minute after until it is met; once met, it was met on time or late. Where the duty comes from statutory or
  NICE guidance, a clinician may justify departing from it, and from then it shows as waived. A person's case, or a
  blanket restriction, is non-compliant while anything is overdue or any finding is open, needs attention while
  anything is due soon, and is compliant otherwise. Time to review is the time left until the deadline (negative once
  overdue) or, once met, the time from what started the duty to the entry that met it. Asked as at an earlier moment,
  the API answers from what had happened by then, as the record now stands. All times are UTC.

  Rule: SEC-01, a doctor reviews a person within the first hour of seclusion (reference scenario 1)
    Source: MHA Code of Practice 2015 para 26.116 (as cited). Confidence: V2. The Code is statutory guidance, so the
    responsible clinician may justify a departure from it; the missed review then shows as waived and no longer makes
    the case non-compliant, while the record keeps both the miss and the reason. While the seclusion goes on, the
    15-minute observations and the 2-hourly nursing review are also due, so the case needs attention even when
    nothing is late. 4 March 2025 is a Tuesday.

    Background:
      Given it is 2025-02-20 09:00
      And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
        | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
        | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
      And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers seclusion and rapid tranquillisation from 2025-02-20 09:00 until 2025-08-20 09:00
      And it is 2025-03-04 10:05
      And staff recorded incident INC-301 for Alex, seclusion decided on by Ann Okafor (registered nurse):
        | practice  | from             | to |
        | seclusion | 2025-03-04 10:00 |    |

    Scenario: Reference scenario 1: the nurse in charge starts seclusion at 10:00 and the doctor comes at 11:30
      When it is 2025-03-04 11:35
      And a medical review of INC-301 is held at 2025-03-04 11:30 by Dr Tom Reid (doctor)
      Then the first medical review of INC-301 due by 2025-03-04 11:00 was met late, by 30 min
      And the first medical review of INC-301 due by 2025-03-04 11:00 is MET_LATE with time to review 1 h 30 min

    Scenario Outline: Until a doctor comes, the first medical review is due soon up to 11:00 and overdue from 11:01
      Given it is 2025-03-04 11:20
      And observations of INC-301 were recorded every 15 min from 2025-03-04 10:15 to 2025-03-04 11:15
      Then as at <moment> the first medical review of INC-301 due by 2025-03-04 11:00 is <status> with time to review <time to review>
      And as at <moment> Alex's case is <case status>

      Examples:
        | moment           | status   | time to review | case status   |
        | 2025-03-04 10:00 | DUE_SOON | 1 h            | ATTENTION     |
        | 2025-03-04 10:59 | DUE_SOON | 1 min          | ATTENTION     |
        | 2025-03-04 11:00 | DUE_SOON | 0 min          | ATTENTION     |
        | 2025-03-04 11:01 | OVERDUE  | -1 min         | NON_COMPLIANT |
        | 2025-03-04 11:20 | OVERDUE  | -20 min        | NON_COMPLIANT |

    Scenario: The duty doctor is held up at a cardiac arrest, and the responsible clinician justifies the departure
      Given it is 2025-03-04 11:20
      And observations of INC-301 were recorded every 15 min from 2025-03-04 10:15 to 2025-03-04 11:15
      When Dr Priya Shah (responsible clinician) justifies the departure from the first medical review of INC-301: "The duty doctor was at a cardiac arrest on Ward 3 and no other doctor could come before 11:30"
      Then the first medical review of INC-301 due by 2025-03-04 11:00 shows as WAIVED from 2025-03-04 11:20: "The duty doctor was at a cardiac arrest on Ward 3 and no other doctor could come before 11:30"
      And Alex's record lists the departure from SEC-01 about INC-301, justified by Dr Priya Shah at 2025-03-04 11:20
      And Alex's case is ATTENTION
      But as at 2025-03-04 11:19 the first medical review of INC-301 due by 2025-03-04 11:00 is OVERDUE with time to review -19 min
      And as at 2025-03-04 11:19 Alex's case is NON_COMPLIANT

  Rule: RT-01 and RT-02, observations after rapid tranquillisation (reference scenario 6)
    Source: NICE QS154 statement 4 and NICE NG10 section 1.4. Confidence: V1 for the hourly sets (RT-01); V2 for the
    BNF trigger and R for the other risks that make them due every 15 minutes (RT-02). Each set of observations is due
    an hour after the one before (after the injection, for the first), or 15 minutes after it while a risk holds, such
    as the person seeming asleep. A note of a risk without observations starts or ends the risk but is not a set. A
    set that comes late still counts, and the next is due from it. Observations stop when a doctor records that there
    are no further concerns. 3 March 2025 is a Monday.

    Background:
      Given it is 2025-02-20 09:00
      And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
        | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
        | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
      And Alex's detention under the Mental Health Act, granted by Dr Priya Shah, covers seclusion and rapid tranquillisation from 2025-02-20 09:00 until 2025-08-20 09:00
      And it is 2025-03-03 15:05
      And staff recorded incident INC-401 for Alex, with a complete use-of-force record:
        | practice               | from             | to               |
        | rapid tranquillisation | 2025-03-03 15:00 | 2025-03-03 15:00 |

    Scenario: Reference scenario 6: asleep after IM lorazepam, the 15:45 set missing, then an hourly set 20 minutes late
      Given it is 2025-03-03 17:30
      When at 2025-03-03 15:10 staff note after INC-401 that Alex appears asleep, without taking observations
      And staff take a full set of observations of Alex at 2025-03-03 15:15 after INC-401
      And staff take a full set of observations of Alex at 2025-03-03 15:30 after INC-401
      And staff take a full set of observations of Alex at 2025-03-03 16:00 after INC-401, noting that Alex is awake and settled
      And staff take a full set of observations of Alex at 2025-03-03 17:20 after INC-401
      Then the observations after INC-401 are:
        | under | due by           | status   | met at           |
        | RT-02 | 2025-03-03 15:25 | MET      | 2025-03-03 15:15 |
        | RT-02 | 2025-03-03 15:30 | MET      | 2025-03-03 15:30 |
        | RT-02 | 2025-03-03 15:45 | MET_LATE | 2025-03-03 16:00 |
        | RT-01 | 2025-03-03 17:00 | MET_LATE | 2025-03-03 17:20 |
        | RT-01 | 2025-03-03 18:20 | DUE_SOON |                  |
      And the hourly set of observations after INC-401 due by 2025-03-03 18:20 is DUE_SOON with time to review 50 min
      And Alex's case is ATTENTION
      But as at 2025-03-03 15:50 the 15-minute set of observations after INC-401 due by 2025-03-03 15:45 is OVERDUE with time to review -5 min
      And as at 2025-03-03 15:50 Alex's case is NON_COMPLIANT
      And as at 2025-03-03 17:10 the hourly set of observations after INC-401 due by 2025-03-03 17:00 is OVERDUE with time to review -10 min

    Scenario Outline: No observations at all after the injection: the first set is due soon up to 16:00 and overdue from 16:01
      When it is <moment>
      Then the hourly set of observations after INC-401 due by 2025-03-03 16:00 is <status> with time to review <time to review>
      And Alex's case is <case status>

      Examples:
        | moment           | status   | time to review | case status   |
        | 2025-03-03 15:05 | DUE_SOON | 55 min         | ATTENTION     |
        | 2025-03-03 16:00 | DUE_SOON | 0 min          | ATTENTION     |
        | 2025-03-03 16:01 | OVERDUE  | -1 min         | NON_COMPLIANT |

    Scenario: The doctor's "no further concerns", with a full set of observations, ends the observations
      Given it is 2025-03-03 20:00
      When staff take a full set of observations of Alex at 2025-03-03 15:50 after INC-401
      And the doctor records at 2025-03-03 16:30 that there are no further concerns about Alex after INC-401, with a full set of observations
      Then the observations after INC-401 are:
        | under | due by           | status | met at           |
        | RT-01 | 2025-03-03 16:00 | MET    | 2025-03-03 15:50 |
        | RT-01 | 2025-03-03 16:50 | MET    | 2025-03-03 16:30 |
      And Alex's case is COMPLIANT

  Rule: DOLS-01, DOLS-02 and DOLS-06, an urgent authorisation extended once, then running out (reference scenario 10)
    Source: MCA 2005 Schedule A1 paras 78(2), 84-85 and 63-65; HSCA 2008 (Regulated Activities) Regs 2014 reg 13.
    Confidence: V2 for the 7 days and the one extension, V1 for deprivation without authority. Dorothy lives at Elm
    House, a care home; the front door is locked and staff would stop her leaving, so she is deprived of her liberty
    for as long as those arrangements last. The home grants itself an urgent authorisation for 7 days and asks the
    supervisory body for a standard one; the supervisory body extends the urgent one, once, by 7 more days. When it
    runs out with no standard authorisation granted, Dorothy is deprived of liberty without authority, and no
    departure can excuse that. The home counts days exactly: 7 days from 10:00 on a Monday end at 10:00 the next
    Monday. 1 September 2025 is a Monday.

    Background:
      Given it is 2025-02-20 09:00
      And Dorothy Evans is a resident of Elm House, an adult social care service
      And it is 2025-09-01 10:00
      And at 2025-09-01 10:00 the registered manager grants Dorothy an urgent authorisation from 2025-09-01 10:00 until 2025-09-08 10:00
      And Dorothy is deprived of liberty at Elm House from 2025-09-01 10:00: the front door is locked and she is not free to leave
      And it is 2025-09-01 14:00
      And at 2025-09-01 14:00 the registered manager requests a standard authorisation from the supervisory body
      And it is 2025-09-05 11:00
      And at 2025-09-05 11:00 the supervisory body extends the urgent authorisation until 2025-09-15 10:00

    Scenario: Reference scenario 10: the urgent authorisation, extended once, runs out while Dorothy is still deprived of liberty
      When it is 2025-09-15 12:00
      Then Dorothy is found deprived of liberty without authority from 2025-09-15 10:00
      And Dorothy's urgent authorisation runs until 2025-09-15 10:00, extended once, at 2025-09-05 11:00, from 2025-09-08 10:00
      And there is no finding under DOLS-01 about Dorothy
      And there is no finding under DOLS-02 about Dorothy
      And the supervisory body's decision on the request is PENDING with time to review 170 h
      And Dorothy's case is NON_COMPLIANT

    Scenario Outline: Dorothy's case is compliant until the minute the extended urgent authorisation runs out
      When it is 2025-09-15 12:00
      Then as at <moment> Dorothy's case is <case status>

      Examples:
        | moment           | case status   |
        | 2025-09-08 10:00 | COMPLIANT     |
        | 2025-09-15 09:59 | COMPLIANT     |
        | 2025-09-15 10:00 | NON_COMPLIANT |

  Rule: BLK-01 and BLK-02, a blanket restriction is justified and reviewed (reference scenario 14)
    Source: MHA Code of Practice 2015 ch 8 (about 8.5-8.14), confidence R, for the justification; CQC Monitoring the
    Mental Health Act 2022/23, confidence V1, for the reviews. A restriction on everyone in a service is found without
    a justification until its reasons are written down with who approved them. The provider reviews every blanket
    restriction every 3 calendar months, the first review 3 months after it was brought in. CQC names "no hot drinks
    after a set time" among the subtle restrictions, which the register of the service lists at high priority.

    Background:
      Given Elm House is an adult social care service
      And it is 2025-01-10 09:00

    Scenario: Reference scenario 14: no hot drinks after 21:00, with no justification and no review
      Given the manager of Elm House brings in "No hot drinks after 21:00" for all residents of Elm House, restricting hot drinks
      When it is 2025-05-01 09:00
      Then the register of Elm House lists the restriction at high priority, as a subtle restriction CQC names
      And the restriction is found without a documented justification since 2025-01-10 09:00: "no documented justification of necessity and proportionality for: No hot drinks after 21:00"
      And the review of the restriction due by 2025-04-10 09:00 is OVERDUE with time to review -504 h
      And the restriction is NON_COMPLIANT

    Scenario Outline: The review falls due at the very minute three months after the restriction was brought in
      Given the manager of Elm House brings in "Bedrooms locked from 10:00 to 16:00" for all residents of Elm House, restricting bedroom access
      And the restriction is justified at 2025-01-10 09:00 by the governance group: "Residents asked for quiet days"
      When it is 2025-05-01 09:00
      Then as at <moment> the review of the restriction due by 2025-04-10 09:00 is <status> with time to review <time to review>
      And as at <moment> the restriction is <restriction status>

      Examples:
        | moment           | status   | time to review | restriction status |
        | 2025-04-09 20:59 | PENDING  | 12 h 1 min     | COMPLIANT          |
        | 2025-04-09 21:00 | DUE_SOON | 12 h           | ATTENTION          |
        | 2025-04-10 09:00 | DUE_SOON | 0 min          | ATTENTION          |
        | 2025-04-10 09:01 | OVERDUE  | -1 min         | NON_COMPLIANT      |

  Rule: NOTIF-01, CQC is told when someone under 18 has been on an adult ward for 48 hours (reference scenario 15)
    Source: CQC (Registration) Regulations 2009 reg 18, as amended by SI 2012/921. Confidence: V1, a legal
    requirement that no departure can excuse. The notification falls due at the 48th hour if the young person is
    still on the adult ward and still under 18 then; it is overdue from the minute after until it is sent. Time to
    review, once sent, is the time from the 48th hour to the notification. 1 May 2025 is a Thursday.

    Background:
      Given it is 2025-04-28 09:00
      And Sam Reid is a patient of the mental health unit, born on 2007-11-20
      And it is 2025-05-01 09:00
      And Sam is admitted to Oak Ward, an adult acute ward, at 2025-05-01 09:00

    Scenario Outline: Reference scenario 15: Sam, 17, is still on Oak Ward on Saturday morning and CQC has not been told
      When it is 2025-05-05 09:00
      Then the notification to CQC about Sam's stay on Oak Ward is due by 2025-05-03 09:00
      And as at <moment> the notification to CQC about Sam's stay on Oak Ward is <state>
      And as at <moment> Sam's case is <case status>

      Examples:
        | moment           | state                              | case status   |
        | 2025-05-01 09:00 | not yet due                        | COMPLIANT     |
        | 2025-05-03 08:59 | not yet due                        | COMPLIANT     |
        | 2025-05-03 09:00 | DUE_SOON with time to review 0 min | ATTENTION     |
        | 2025-05-03 09:01 | OVERDUE with time to review -1 min | NON_COMPLIANT |
        | 2025-05-05 09:00 | OVERDUE with time to review -48 h  | NON_COMPLIANT |

    Scenario: The ward manager tells CQC on Sunday morning: overdue until then, met late from then
      When it is 2025-05-04 10:00
      And the ward manager notifies CQC at 2025-05-04 10:00 that Sam, under 18, is on an adult ward
      Then the notification to CQC about Sam's stay on Oak Ward is MET_LATE with time to review 25 h
      And Sam's case is COMPLIANT
      But as at 2025-05-04 09:59 the notification to CQC about Sam's stay on Oak Ward is OVERDUE with time to review -24 h 59 min
      And as at 2025-05-04 09:59 Sam's case is NON_COMPLIANT
