-- Sorting the orders table by stage walks the stages in their order (then
-- each stage's orders through orders_stage_idx). PostgreSQL keeps its
-- per-field trigram indexes of 0009 for search; SQLite's one-document index
-- is in its own 0011.
CREATE INDEX stages_position_idx ON stages(position, code);
