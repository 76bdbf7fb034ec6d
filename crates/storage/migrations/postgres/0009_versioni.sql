-- Versioni del piano approvate con un atto (issue 8, punto 1).
--
-- Ogni ciclo ha le sue versioni del piano, numerate da 1: bozza → (proposta) → approvata. La
-- versione di testa (numero più alto) è quella delle tabelle di lavoro (obiettivi, step,
-- indicatori, struttura, assegnazioni, collegamenti dei capitoli). Quando la testa è approvata
-- quelle righe sono congelate: i trigger qui sotto rifiutano INSERT, UPDATE e DELETE su ognuna
-- delle tabelle versionate; una variazione (`plan vary`) apre la versione N+1 in bozza e le
-- rende di nuovo scrivibili. Le versioni approvate tengono il loro contenuto in JSON
-- (`contenuto`: il file del piano con gli id e i collegamenti dei capitoli), non si modificano
-- né si cancellano; si correggono solo con un'errata corrige (tabella a sola aggiunta).
-- Non sono versionati: il ciclo (il suo contatore revisione_dati), persone e CdR, gli atti, i
-- fatti del monitoraggio e della valutazione.


CREATE TABLE piano_versione (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    numero INTEGER NOT NULL CHECK (numero >= 1),
    stato TEXT NOT NULL CHECK (stato IN ('bozza', 'proposta', 'approvata')),
    atto_id UUID,
    approvata_il TIMESTAMPTZ,
    approvata_da TEXT,
    -- Avvertenze della verifica al momento dell'approvazione (JSON: elenco di rilievi).
    avvertenze TEXT,
    -- Motivo scritto della forzatura degli errori della verifica, se c'è stata.
    forzatura_motivo TEXT,
    -- Il contenuto approvato (JSON in testo, byte per byte): {"piano": …, "collegamenti_capitoli": […]}.
    contenuto TEXT,
    creata_il TIMESTAMPTZ NOT NULL,
    creata_da TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, ciclo_id, numero),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, atto_id) REFERENCES atto (tenant_id, id),
    CHECK (stato <> 'approvata' OR (atto_id IS NOT NULL AND contenuto IS NOT NULL AND approvata_il IS NOT NULL))
);

INSERT INTO piano_versione (tenant_id, id, ciclo_id, numero, stato, creata_il, creata_da)
SELECT tenant_id, gen_random_uuid(), id, 1, 'bozza', now(), 'sistema:migrazione'
FROM ciclo;

-- Errata corrige di una versione approvata: motivo, testo, autore, data. Solo aggiunte.
CREATE TABLE errata_corrige (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    versione_id UUID NOT NULL,
    motivo TEXT NOT NULL CHECK (length(trim(motivo)) > 0),
    testo TEXT,
    autore TEXT NOT NULL,
    data TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, versione_id) REFERENCES piano_versione (tenant_id, id)
);
CREATE INDEX errata_corrige_versione ON errata_corrige (tenant_id, versione_id);

-- I cicli la cui versione di testa è approvata.
CREATE VIEW ciclo_congelato AS
SELECT v.tenant_id, v.ciclo_id, v.numero
FROM piano_versione v
WHERE v.stato = 'approvata'
  AND v.numero = (SELECT MAX(w.numero) FROM piano_versione w
                  WHERE w.tenant_id = v.tenant_id AND w.ciclo_id = v.ciclo_id);

CREATE FUNCTION piano_versione_immutabile() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.stato = 'approvata' THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'una versione approvata del piano non si cancella';
        END IF;
        RAISE EXCEPTION 'una versione approvata del piano non si modifica: si corregge con un''errata corrige (`plan errata`)';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER piano_versione_approvata BEFORE UPDATE OR DELETE ON piano_versione
    FOR EACH ROW EXECUTE FUNCTION piano_versione_immutabile();

CREATE FUNCTION errata_corrige_solo_aggiunta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM piano_versione v WHERE v.tenant_id = NEW.tenant_id
                       AND v.id = NEW.versione_id AND v.stato = 'approvata') THEN
            RAISE EXCEPTION 'l''errata corrige si scrive solo su una versione approvata del piano';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'un''errata corrige non si cancella';
    END IF;
    RAISE EXCEPTION 'un''errata corrige non si modifica: se ne aggiunge un''altra';
END $$;
CREATE TRIGGER errata_corrige_immutabile BEFORE INSERT OR UPDATE OR DELETE ON errata_corrige
    FOR EACH ROW EXECUTE FUNCTION errata_corrige_solo_aggiunta();

-- Il ciclo di una riga di una tabella versionata: direttamente (ciclo), dall'obiettivo, dallo
-- step, o per i collegamenti dei capitoli dall'obiettivo o dal progetto PEG.
CREATE FUNCTION ciclo_della_riga(tipo TEXT, r JSONB) RETURNS UUID LANGUAGE plpgsql STABLE AS $$
DECLARE
    t UUID := (r->>'tenant_id')::uuid;
    c UUID;
BEGIN
    IF tipo = 'ciclo' THEN
        RETURN (r->>'ciclo_id')::uuid;
    ELSIF tipo = 'obiettivo' THEN
        SELECT o.ciclo_id INTO c FROM obiettivo o
        WHERE o.tenant_id = t AND o.id = (r->>'obiettivo_id')::uuid;
    ELSIF tipo = 'step' THEN
        SELECT o.ciclo_id INTO c FROM step s
        JOIN obiettivo o ON o.tenant_id = s.tenant_id AND o.id = s.obiettivo_id
        WHERE s.tenant_id = t AND s.id = (r->>'step_id')::uuid;
    ELSIF tipo = 'capitolo' THEN
        SELECT o.ciclo_id INTO c FROM obiettivo o
        WHERE o.tenant_id = t AND o.id = (r->>'obiettivo_id')::uuid;
        IF c IS NULL THEN
            SELECT g.ciclo_id INTO c FROM progetto_peg g
            WHERE g.tenant_id = t AND g.id = (r->>'progetto_id')::uuid;
        END IF;
    END IF;
    RETURN c;
END $$;

CREATE FUNCTION rifiuta_piano_congelato() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM ciclo_congelato k
            WHERE k.tenant_id = OLD.tenant_id
              AND k.ciclo_id = ciclo_della_riga(TG_ARGV[0], to_jsonb(OLD))) THEN
        RAISE EXCEPTION 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione';
    END IF;
    IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM ciclo_congelato k
            WHERE k.tenant_id = NEW.tenant_id
              AND k.ciclo_id = ciclo_della_riga(TG_ARGV[0], to_jsonb(NEW))) THEN
        RAISE EXCEPTION 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

-- Le tabelle versionate: nessuna scrittura sulle righe di un ciclo congelato.

CREATE TRIGGER area_strategica_congelato BEFORE INSERT OR UPDATE OR DELETE ON area_strategica
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('ciclo');
CREATE TRIGGER obiettivo_strategico_congelato BEFORE INSERT OR UPDATE OR DELETE ON obiettivo_strategico
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('ciclo');
CREATE TRIGGER obiettivo_operativo_congelato BEFORE INSERT OR UPDATE OR DELETE ON obiettivo_operativo
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('ciclo');
CREATE TRIGGER programma_ciclo_congelato BEFORE INSERT OR UPDATE OR DELETE ON programma_ciclo
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('ciclo');
CREATE TRIGGER progetto_peg_congelato BEFORE INSERT OR UPDATE OR DELETE ON progetto_peg
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('ciclo');
CREATE TRIGGER progetto_programma_congelato BEFORE INSERT OR UPDATE OR DELETE ON progetto_programma
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('ciclo');
CREATE TRIGGER servizio_congelato BEFORE INSERT OR UPDATE OR DELETE ON servizio
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('ciclo');
CREATE TRIGGER obiettivo_congelato BEFORE INSERT OR UPDATE OR DELETE ON obiettivo
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('ciclo');
CREATE TRIGGER obiettivo_collegamento_congelato BEFORE INSERT OR UPDATE OR DELETE ON obiettivo_collegamento
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('obiettivo');
CREATE TRIGGER step_congelato BEFORE INSERT OR UPDATE OR DELETE ON step
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('obiettivo');
CREATE TRIGGER step_revisione_scadenza_congelato BEFORE INSERT OR UPDATE OR DELETE ON step_revisione_scadenza
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('step');
CREATE TRIGGER indicatore_congelato BEFORE INSERT OR UPDATE OR DELETE ON indicatore
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('obiettivo');
CREATE TRIGGER assegnazione_congelato BEFORE INSERT OR UPDATE OR DELETE ON assegnazione
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('ciclo');
CREATE TRIGGER collegamento_capitolo_congelato BEFORE INSERT OR UPDATE OR DELETE ON collegamento_capitolo
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('capitolo');
