-- Checkpoint con una vita: aperto → trasmesso → chiuso, con la data di redazione (la verifica
-- al 31/12 si scrive a febbraio). Alla trasmissione si tiene un sigillo di ciò che è stato
-- inviato (solo inserimenti); alla chiusura i fatti del checkpoint non si modificano più.
-- Gli stati degli step hanno la data effettiva di completamento; le dilazioni puntano all'atto
-- che le decide.

ALTER TABLE checkpoint ADD COLUMN stato TEXT NOT NULL DEFAULT 'aperto'
    CHECK (stato IN ('aperto', 'trasmesso', 'chiuso'));
ALTER TABLE checkpoint ADD COLUMN data_redazione DATE;
ALTER TABLE checkpoint ADD COLUMN trasmesso_il TIMESTAMPTZ;
ALTER TABLE checkpoint ADD COLUMN trasmesso_da TEXT;
ALTER TABLE checkpoint ADD COLUMN chiuso_il TIMESTAMPTZ;
ALTER TABLE checkpoint ADD COLUMN chiuso_da TEXT;
ALTER TABLE checkpoint ADD COLUMN revisione BIGINT NOT NULL DEFAULT 1;

ALTER TABLE stato_step ADD COLUMN data_completamento DATE;

-- L'atto che decide la dilazione, come entità (il testo resta leggibile in `atto`). Le
-- dilazioni già decise con il codice di un atto del ciclo vi sono collegate.
ALTER TABLE dilazione ADD COLUMN atto_id UUID;
UPDATE dilazione SET atto_id = (
    SELECT a.id FROM atto a
    JOIN checkpoint k ON k.tenant_id = a.tenant_id AND k.ciclo_id = a.ciclo_id
    WHERE k.tenant_id = dilazione.tenant_id AND k.id = dilazione.checkpoint_id
      AND a.codice = dilazione.atto)
WHERE atto IS NOT NULL;

CREATE TABLE checkpoint_sigillo (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    checkpoint_id UUID NOT NULL,
    numero INTEGER NOT NULL,
    sigillato_il TIMESTAMPTZ NOT NULL,
    sigillato_da TEXT NOT NULL,
    data_redazione DATE,
    contenuto TEXT NOT NULL,
    impronta TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, checkpoint_id, numero),
    FOREIGN KEY (tenant_id, checkpoint_id) REFERENCES checkpoint (tenant_id, id) ON DELETE CASCADE
);

CREATE FUNCTION rifiuta_modifica_sigillo() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'il sigillo di un checkpoint trasmesso non si modifica né si cancella';
END
$$;
CREATE TRIGGER checkpoint_sigillo_solo_inserimenti BEFORE UPDATE OR DELETE ON checkpoint_sigillo
    FOR EACH ROW EXECUTE FUNCTION rifiuta_modifica_sigillo();

-- Un checkpoint chiuso resta chiuso, con la sua data e la sua data di redazione.
CREATE FUNCTION rifiuta_checkpoint_chiuso() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.stato = 'chiuso' THEN
            RAISE EXCEPTION 'checkpoint chiuso: non si riapre e non si modifica';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.stato = 'chiuso' AND (NEW.stato IS DISTINCT FROM 'chiuso'
        OR NEW.data IS DISTINCT FROM OLD.data OR NEW.finale IS DISTINCT FROM OLD.finale
        OR NEW.data_redazione IS DISTINCT FROM OLD.data_redazione
        OR NEW.chiuso_il IS DISTINCT FROM OLD.chiuso_il
        OR NEW.ciclo_id IS DISTINCT FROM OLD.ciclo_id) THEN
        RAISE EXCEPTION 'checkpoint chiuso: non si riapre e non si modifica';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER checkpoint_chiuso BEFORE UPDATE OR DELETE ON checkpoint
    FOR EACH ROW EXECUTE FUNCTION rifiuta_checkpoint_chiuso();

-- I fatti di un checkpoint chiuso (stati, valori, relazioni, dilazioni: tabelle con
-- `checkpoint_id`).
CREATE FUNCTION rifiuta_fatto_checkpoint_chiuso() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = OLD.tenant_id
                AND k.id = OLD.checkpoint_id AND k.stato = 'chiuso') THEN
            RAISE EXCEPTION 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF EXISTS (SELECT 1 FROM checkpoint k WHERE k.tenant_id = NEW.tenant_id
                AND k.id = NEW.checkpoint_id AND k.stato = 'chiuso') THEN
            RAISE EXCEPTION 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER stato_step_checkpoint_chiuso BEFORE INSERT OR UPDATE OR DELETE ON stato_step
    FOR EACH ROW EXECUTE FUNCTION rifiuta_fatto_checkpoint_chiuso();
CREATE TRIGGER valore_indicatore_checkpoint_chiuso BEFORE INSERT OR UPDATE OR DELETE
    ON valore_indicatore FOR EACH ROW EXECUTE FUNCTION rifiuta_fatto_checkpoint_chiuso();
CREATE TRIGGER relazione_obiettivo_checkpoint_chiuso BEFORE INSERT OR UPDATE OR DELETE
    ON relazione_obiettivo FOR EACH ROW EXECUTE FUNCTION rifiuta_fatto_checkpoint_chiuso();
CREATE TRIGGER dilazione_checkpoint_chiuso BEFORE INSERT OR UPDATE OR DELETE ON dilazione
    FOR EACH ROW EXECUTE FUNCTION rifiuta_fatto_checkpoint_chiuso();

-- Le cause degli scostamenti si indicano alla verifica finale: chiuso il checkpoint finale del
-- ciclo, non si modificano più.
CREATE FUNCTION rifiuta_causa_checkpoint_chiuso() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF EXISTS (SELECT 1 FROM obiettivo o JOIN checkpoint k ON k.tenant_id = o.tenant_id
                AND k.ciclo_id = o.ciclo_id WHERE o.tenant_id = OLD.tenant_id
                AND o.id = OLD.obiettivo_id AND k.finale AND k.stato = 'chiuso') THEN
            RAISE EXCEPTION 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF EXISTS (SELECT 1 FROM obiettivo o JOIN checkpoint k ON k.tenant_id = o.tenant_id
                AND k.ciclo_id = o.ciclo_id WHERE o.tenant_id = NEW.tenant_id
                AND o.id = NEW.obiettivo_id AND k.finale AND k.stato = 'chiuso') THEN
            RAISE EXCEPTION 'checkpoint chiuso: i suoi fatti non si modificano (neppure reimportando il piano)';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER causa_scostamento_checkpoint_chiuso BEFORE INSERT OR UPDATE OR DELETE
    ON causa_scostamento FOR EACH ROW EXECUTE FUNCTION rifiuta_causa_checkpoint_chiuso();
