// Venue schema 3 (issue 31): who is inside. An exit is an entry of its own (outcome 'exit') naming the entry it
// closes by station and number, so a person who came in at one gate can leave by another. Stations read each other's
// entrants for the inside list by a masked name the server makes (the first character, then stars: the same rule as
// the stations' lists); the full name stays unreadable to them.
export const up = `
ALTER TABLE gc.entries ADD COLUMN closes_station text;
ALTER TABLE gc.entries ADD COLUMN closes_seq bigint;
ALTER TABLE gc.entries ADD COLUMN name_masked text GENERATED ALWAYS AS (
  CASE WHEN name IS NULL OR btrim(name) = '' THEN NULL
       WHEN char_length(btrim(name)) <= 1 THEN '*'
       ELSE left(btrim(name), 1) || repeat('*', least(char_length(btrim(name)) - 1, 3)) END) STORED;
`;
