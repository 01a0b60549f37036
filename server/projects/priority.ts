// Project priorities and the weight the matcher gives each (1..4). The
// weights are a ratio scale: a CRITICAL project's slot counts four times a
// LOW one's when a programme plan shares scarce people between projects.
export const PROJECT_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type ProjectPriority = (typeof PROJECT_PRIORITIES)[number];

export const PRIORITY_WEIGHTS: Readonly<Record<ProjectPriority, number>> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export function priorityWeight(p: ProjectPriority): number {
  return PRIORITY_WEIGHTS[p];
}
