-- Checkpoint con una vita: aperto → trasmesso → chiuso, con la data di redazione (la verifica
-- al 31/12 si scrive a febbraio). Alla trasmissione si tiene un sigillo di ciò che è stato
-- inviato (solo inserimenti); alla chiusura i fatti del checkpoint non si modificano più.
-- Gli stati degli step hanno la data effettiva di completamento; le dilazioni puntano all'atto
-- che le decide.

ALTER TABLE checkpoint ADD COLUMN stato TEXT NOT NULL DEFAULT 'aperto'
    CHECK (stato IN ('aperto', 'trasmesso', 'chiuso'));
ALTER TABLE checkpoint ADD COLUMN data_redazione TEXT;
ALTER TABLE checkpoint ADD COLUMN trasmesso_il TEXT;
ALTER TABLE checkpoint ADD COLUMN trasmesso_da TEXT;
ALTER TABLE checkpoint ADD COLUMN chiuso_il TEXT;
ALTER TABLE checkpoint ADD COLUMN chiuso_da TEXT;
ALTER TABLE checkpoint ADD COLUMN revisione INTEGER NOT NULL DEFAULT 1;

ALTER TABLE stato_step ADD COLUMN data_completamento TEXT;

-- L'atto che decide la dilazione, come entità (il testo resta leggibile in `atto`). Le
-- dilazioni già decise con il codice di un atto del ciclo vi sono collegate.
ALTER TABLE dilazione ADD COLUMN atto_id BLOB;
UPDATE dilazione SET atto_id = (
    SELECT a.id FROM atto a
    JOIN checkpoint k ON k.tenant_id = a.tenant_id AND k.ciclo_id = a.ciclo_id
    WHERE k.tenant_id = dilazione.tenant_id AND k.id = dilazione.checkpoint_id
      AND a.codice = dilazione.atto)
WHERE atto IS NOT NULL;

CREATE TABLE checkpoint_sigillo (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    checkpoint_id BLOB NOT NULL,
    numero INTEGER NOT NULL,
    sigillato_il TEXT NOT NULL,
    sigillato_da TEXT NOT NULL,
    data_redazione TEXT,
    contenuto TEXT NOT NULL,
    impronta TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, checkpoint_id, numero),
    FOREIGN KEY (tenant_id, checkpoint_id) REFERENCES checkpoint (tenant_id, id) ON DELETE CASCADE
) STRICT;

CREATE TRIGGER checkpoint_sigillo_aggiorna BEFORE UPDATE ON checkpoint_sigillo
BEGIN
    SELECT RAISE(ABORT, 'il sigillo di un checkpoint trasmesso non si modifica né si cancella');
END;
CREATE TRIGGER checkpoint_sigillo_cancella BEFORE DELETE ON checkpoint_sigillo
BEGIN
    SELECT RAISE(ABORT, 'il sigillo di un checkpoint trasmesso non si modifica né si cancella');
END;

-- Un checkpoint chiuso resta chiuso, con la sua data e la sua data di redazione.
CREATE TRIGGER checkpoint_chiuso_aggiorna BEFORE UPDATE ON checkpoint
WHEN OLD.stato = 'chiuso' AND (NEW.stato IS NOT 'chiuso' OR NEW.data IS NOT OLD.data
    OR NEW.finale IS NOT OLD.finale OR NEW.data_redazione IS NOT OLD.data_redazione
    OR NEW.chiuso_il IS NOT OLD.chiuso_il OR NEW.ciclo_id IS NOT OLD.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: non si riapre e non si modifica');
END;
CREATE TRIGGER checkpoint_chiuso_cancella BEFORE DELETE ON checkpoint
WHEN OLD.stato = 'chiuso'
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: non si riapre e non si modifica');
END;

-- I fatti di un checkpoint chiuso: stati, valori, relazioni, dilazioni.
CREATE TRIGGER stato_step_chiuso_inserisci BEFORE INSERT ON stato_step
WHEN EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = NEW.tenant_id
    AND k.id = NEW.checkpoint_id AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;
CREATE TRIGGER stato_step_chiuso_aggiorna BEFORE UPDATE ON stato_step
WHEN EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = OLD.tenant_id
    AND k.id IN (OLD.checkpoint_id, NEW.checkpoint_id) AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;
CREATE TRIGGER stato_step_chiuso_cancella BEFORE DELETE ON stato_step
WHEN EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = OLD.tenant_id
    AND k.id = OLD.checkpoint_id AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;

CREATE TRIGGER valore_indicatore_chiuso_inserisci BEFORE INSERT ON valore_indicatore
WHEN EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = NEW.tenant_id
    AND k.id = NEW.checkpoint_id AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;
CREATE TRIGGER valore_indicatore_chiuso_aggiorna BEFORE UPDATE ON valore_indicatore
WHEN EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = OLD.tenant_id
    AND k.id IN (OLD.checkpoint_id, NEW.checkpoint_id) AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;
CREATE TRIGGER valore_indicatore_chiuso_cancella BEFORE DELETE ON valore_indicatore
WHEN EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = OLD.tenant_id
    AND k.id = OLD.checkpoint_id AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;

CREATE TRIGGER relazione_obiettivo_chiuso_inserisci BEFORE INSERT ON relazione_obiettivo
WHEN EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = NEW.tenant_id
    AND k.id = NEW.checkpoint_id AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;
CREATE TRIGGER relazione_obiettivo_chiuso_aggiorna BEFORE UPDATE ON relazione_obiettivo
WHEN EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = OLD.tenant_id
    AND k.id IN (OLD.checkpoint_id, NEW.checkpoint_id) AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;
CREATE TRIGGER relazione_obiettivo_chiuso_cancella BEFORE DELETE ON relazione_obiettivo
WHEN EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = OLD.tenant_id
    AND k.id = OLD.checkpoint_id AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;

CREATE TRIGGER dilazione_chiuso_inserisci BEFORE INSERT ON dilazione
WHEN EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = NEW.tenant_id
    AND k.id = NEW.checkpoint_id AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;
CREATE TRIGGER dilazione_chiuso_aggiorna BEFORE UPDATE ON dilazione
WHEN EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = OLD.tenant_id
    AND k.id IN (OLD.checkpoint_id, NEW.checkpoint_id) AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;
CREATE TRIGGER dilazione_chiuso_cancella BEFORE DELETE ON dilazione
WHEN EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = OLD.tenant_id
    AND k.id = OLD.checkpoint_id AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;

-- Le cause degli scostamenti si indicano alla verifica finale: chiuso il checkpoint finale del
-- ciclo, non si modificano più.
CREATE TRIGGER causa_scostamento_chiuso_inserisci BEFORE INSERT ON causa_scostamento
WHEN EXISTS (SELECT 1 FROM obiettivo o JOIN checkpoint k ON k.tenant_id = o.tenant_id
    AND k.ciclo_id = o.ciclo_id WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.obiettivo_id
    AND k.finale = 1 AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;
CREATE TRIGGER causa_scostamento_chiuso_aggiorna BEFORE UPDATE ON causa_scostamento
WHEN EXISTS (SELECT 1 FROM obiettivo o JOIN checkpoint k ON k.tenant_id = o.tenant_id
    AND k.ciclo_id = o.ciclo_id WHERE o.tenant_id = OLD.tenant_id
    AND o.id IN (OLD.obiettivo_id, NEW.obiettivo_id) AND k.finale = 1 AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;
CREATE TRIGGER causa_scostamento_chiuso_cancella BEFORE DELETE ON causa_scostamento
WHEN EXISTS (SELECT 1 FROM obiettivo o JOIN checkpoint k ON k.tenant_id = o.tenant_id
    AND k.ciclo_id = o.ciclo_id WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.obiettivo_id
    AND k.finale = 1 AND k.stato = 'chiuso')
BEGIN
    SELECT RAISE(ABORT, 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)');
END;
