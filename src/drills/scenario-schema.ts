import { z } from 'zod';
import { faultRuleSchema } from '../sim/fault-rule.ts';

const componentStates = ['operational', 'degraded_performance', 'partial_outage', 'major_outage'] as const;

/** `at`: a wall time of the scenario's day (`11:49`, `11:49:30`) or an offset from its start (`+5m`, `+1h30m`). */
const atField = z
  .string()
  .regex(/^(\d{1,2}:\d{2}(:\d{2})?|\+(\d+h)?(\d+m)?(\d+s)?)$/, {
    error: 'use a time of day like "11:49" or an offset like "+5m", "+1h30m", "+90s"',
  })
  .describe('When the change happens: a time of the scenario day ("11:49", UTC) or an offset from start ("+5m").');

/** A change of the simulated vendor status page (the body of `POST /sim/status/{vendor}`, plus a reference). */
const statusChangeSchema = z
  .strictObject({
    vendor: z.enum(['anthropic', 'openai']).describe('Which simulated status page changes.'),
    components: z
      .record(z.string().min(1), z.enum(componentStates))
      .optional()
      .describe('Component states to set, by component name or id.'),
    incident: z
      .strictObject({
        ref: z
          .string()
          .min(1)
          .describe("The scenario's own name for the incident: a later change with the same ref updates it."),
        name: z.string().min(1).optional().describe('Title (required the first time a ref is used).'),
        status: z
          .enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'])
          .optional()
          .describe('Incident status after this update (investigating by default).'),
        impact: z.enum(['none', 'minor', 'major', 'critical']).optional().describe('Impact shown by the page.'),
        body: z.string().optional().describe('Text of the update.'),
        components: z.array(z.string().min(1)).optional().describe('Affected components, by name or id.'),
        component_status: z
          .enum(componentStates)
          .optional()
          .describe('State given to the affected components (partial_outage by default).'),
      })
      .optional()
      .describe('Posts a new incident or updates the one with the same ref.'),
  })
  .describe('A change of a simulated vendor status page.');

/** One step of a scenario's timeline. */
const eventSchema = z
  .strictObject({
    at: atField,
    note: z.string().min(1).optional().describe('What happens, as the report shows it.'),
    faults: z
      .array(faultRuleSchema)
      .optional()
      .describe('Replaces the simulator fault rules (docs/simulator.md); [] back to healthy.'),
    status: z.array(statusChangeSchema).optional().describe('Changes of the simulated vendor status pages.'),
  })
  .describe('One change of the timeline.');

/** Strict schema of a drill scenario file (docs/drills.md). */
export const scenarioSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'use lowercase letters, digits and dashes' })
      .describe('Scenario id (the built-ins are named like their file).'),
    title: z.string().min(1).describe('One-line title for the report.'),
    description: z.string().optional().describe('What the scenario replays, and its sources.'),
    start: z.iso
      .datetime({ offset: true })
      .describe('Simulated time of the scenario start (ISO 8601, UTC); "11:49" times are on this day.'),
    duration: z
      .string()
      .regex(/^(\d+h)?(\d+m)?(\d+s)?$/)
      .refine((text) => text.length > 0, { error: 'duration is required, e.g. "50m" or "10h15m"' })
      .describe('Simulated length of the run, e.g. "50m", "10h15m".'),
    default_speed: z
      .number()
      .positive()
      .default(60)
      .describe('Simulated seconds per real second when --speed is not given.'),
    primary_outage: z
      .boolean()
      .default(true)
      .describe('Whether the faults hit the primary target of the route (direct availability falls).'),
    events: z.array(eventSchema).min(1).describe('The timeline, in any order (sorted by time when compiled).'),
  })
  .describe('An outage drill: a timeline of simulator faults and vendor status page changes.');

/** A validated scenario. */
export type Scenario = z.output<typeof scenarioSchema>;

/** One timeline event of a scenario. */
export type ScenarioEvent = Scenario['events'][number];

/** One status page change of a scenario event. */
export type StatusChange = NonNullable<ScenarioEvent['status']>[number];
