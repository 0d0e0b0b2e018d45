/** The results panel's views, in tab order: the one list the charts, the protocol and the tests derive from. */
export const PANEL_VIEWS = ['overview', 'marginals', 'structure', 'groups'] as const;

export type PanelView = (typeof PANEL_VIEWS)[number];
