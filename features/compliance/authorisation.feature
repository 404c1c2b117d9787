Feature: Every restrictive intervention has a lawful authorisation in place when it starts
  Rule AUTH-01: Each use of restrictive practice is covered by an authorisation valid when it starts that covers
  that practice.
  Source: CQC cross-sector restrictive practice policy position (Aug 2023): proper authorisation; HSCA 2008
  (Regulated Activities) Regs 2014 reg 13.
  Confidence: V2.

  Each part of an intervention is checked at the moment it starts: the practice used then must be one an
  authorisation names, the authorisation must be in force then, and it must already have been granted. Nothing
  authorises an intervention after the event. A part that is not covered is a finding from the moment it started,
  and the person's case is not compliant while the finding stands. The restraint that is covered kept within ten
  minutes and was followed by a physical health check, so that nothing else stands against Alex's case. All times
  are UTC; 3 March 2025 is a Monday.

  Background:
    Given it is 2025-02-20 09:00
    And Alex Morgan is a patient on Ward 7, a mental health inpatient unit, recorded with:
      | NHS number   | mental disorder        | relevant characteristics | learning disability or autism |
      | 943 476 5919 | paranoid schizophrenia | man, 34, Black British   | no                            |
    And Dorothy Evans is a resident of Elm House, an adult social care service

  Scenario: A restraint that stays within Alex's care plan raises no finding
    Given Alex's care plan, granted by Dr Priya Shah, covers standing restraint and supine restraint from 2025-02-24 10:00 until 2025-05-24 10:00
    And it is 2025-03-03 11:40
    When staff record incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:05 | 2025-03-03 11:07 |
      | supine restraint   | 2025-03-03 11:07 | 2025-03-03 11:15 |
    And staff check Alex's pulse and breathing at 2025-03-03 11:20 after INC-101
    Then no finding under AUTH-01 is open about INC-101
    And Alex's case is COMPLIANT

  Scenario: A restraint that went prone is not covered by a care plan that permits standing and supine restraint only
    Given Alex's care plan, granted by Dr Priya Shah, covers standing restraint and supine restraint from 2025-02-24 10:00 until 2025-05-24 10:00
    And it is 2025-03-03 11:40
    When staff record incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:02 | 2025-03-03 11:04 |
      | prone restraint    | 2025-03-03 11:04 | 2025-03-03 11:15 |
    Then INC-101 is found not covered by any authorisation for prone restraint from 2025-03-03 11:04
    And Alex's case is NON_COMPLIANT

  Scenario Outline: The prone restraint makes Alex's case non-compliant from the minute it started
    Given Alex's care plan, granted by Dr Priya Shah, covers standing restraint and supine restraint from 2025-02-24 10:00 until 2025-05-24 10:00
    And it is 2025-03-03 11:40
    And staff recorded incident INC-101 for Alex, with a complete use-of-force record:
      | practice           | from             | to               |
      | standing restraint | 2025-03-03 11:02 | 2025-03-03 11:04 |
      | prone restraint    | 2025-03-03 11:04 | 2025-03-03 11:15 |
    When it is <moment>
    Then Alex's case is <case status>

    Examples:
      | moment           | case status   |
      | 2025-03-03 11:03 | COMPLIANT     |
      | 2025-03-03 11:04 | NON_COMPLIANT |
      | 2025-03-03 20:00 | NON_COMPLIANT |

  Scenario: A restraint with no authorisation at all
    Given it is 2025-03-03 08:00
    When staff record incident INC-201 for Dorothy:
      | practice         | from             | to               |
      | seated restraint | 2025-03-03 07:30 | 2025-03-03 07:40 |
    Then INC-201 is found not covered by any authorisation for seated restraint from 2025-03-03 07:30
    And Dorothy's case is NON_COMPLIANT

  Scenario: An urgent authorisation granted after the front door was locked does not cover it, even when dated earlier
    Given at 2025-03-05 16:00 Mary Doyle, registered manager, grants Dorothy an urgent DoLS authorisation covering a locked front door from 2025-03-05 09:00 until 2025-03-12 09:00
    And it is 2025-03-05 18:30
    When staff record incident INC-202 for Dorothy:
      | practice          | from             | to               |
      | locked front door | 2025-03-05 10:00 | 2025-03-05 18:00 |
    Then INC-202 is found not covered by any authorisation for a locked front door from 2025-03-05 10:00
    And Dorothy's case is NON_COMPLIANT

  Scenario Outline: An urgent authorisation granted by the time the front door was locked covers it
    Given at <granted at> Mary Doyle, registered manager, grants Dorothy an urgent DoLS authorisation covering a locked front door from 2025-03-05 09:00 until 2025-03-12 09:00
    And it is 2025-03-05 18:30
    When staff record incident INC-202 for Dorothy:
      | practice          | from             | to               |
      | locked front door | 2025-03-05 10:00 | 2025-03-05 18:00 |
    Then Dorothy's case is <case status>

    Examples:
      | granted at       | case status   |
      | 2025-03-05 09:00 | COMPLIANT     |
      | 2025-03-05 10:00 | COMPLIANT     |
      | 2025-03-05 10:01 | NON_COMPLIANT |
