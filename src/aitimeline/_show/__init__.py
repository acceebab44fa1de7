"""The ways of showing an answer: tables for the terminal, exports (CSV, JSON, pandas, TimelineJS), the web of
deals, the timeline page and the plots."""
