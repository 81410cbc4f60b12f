-- The production board: configurable stages, who an order is assigned to,
-- and since when it is in its stage (SQLite).

-- The stages an order moves through, in `position` order. `kind` says what
-- reaching the stage means: still being made (open), finished (done), or
-- called off (cancelled). Done and cancelled stages are final: only a manager
-- or an admin moves an order out of them. The stage `new` is where every
-- order starts: it stays, and it stays open.
CREATE TABLE stages (
    code      TEXT    PRIMARY KEY
              CONSTRAINT stages_code_check CHECK (length(code) BETWEEN 1 AND 32),
    name_en   TEXT    NOT NULL,
    name_ru   TEXT    NOT NULL,
    colour    TEXT    NOT NULL DEFAULT '#8a7a6a',
    position  INTEGER NOT NULL,
    kind      TEXT    NOT NULL DEFAULT 'open'
              CONSTRAINT stages_kind_check CHECK (kind IN ('open','done','cancelled'))
);
INSERT INTO stages (code, name_en, name_ru, colour, position, kind) VALUES
    ('new',         'New',        'Новый',        '#5b7db1', 10, 'open'),
    ('accepted',    'Accepted',   'Принят',       '#7a5bb1', 20, 'open'),
    ('baking',      'Baking',     'Выпекается',   '#c0762c', 30, 'open'),
    ('decorating',  'Decorating', 'Украшается',   '#b1577a', 40, 'open'),
    ('ready',       'Ready',      'Готов',        '#3f8f5a', 50, 'open'),
    ('handed_over', 'Handed over','Выдан',        '#5f6b5a', 60, 'done'),
    ('cancelled',   'Cancelled',  'Отменён',      '#9a3b3b', 70, 'cancelled');

ALTER TABLE orders ADD COLUMN assignee_id INTEGER REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE orders ADD COLUMN stage_since BIGINT;
UPDATE orders SET stage_since = updated_at;
CREATE INDEX orders_ready_idx ON orders(ready_date);
CREATE INDEX orders_assignee_idx ON orders(assignee_id);
