-- La Relazione sulla performance e il Nucleo di valutazione / OIV (issue 8, punto 4).
-- La Relazione di un anno del ciclo: bozza -> approvata (atto del CdA) -> validata (dal Nucleo/OIV).
-- Il Nucleo/OIV registra osservazioni, raggiungimenti accertati (accanto a quelli dichiarati) e la
-- proposta di valutazione del direttore. Il fondo si ripartisce in bozza quando si vuole, in
-- definitiva solo dopo la validazione. Dopo la validazione i trigger congelano voti, prese visione,
-- ripartizioni del fondo e fatti del Nucleo/OIV del ciclo.

-- Come l'ente chiama il suo organismo di valutazione.
ALTER TABLE ente ADD COLUMN denominazione_oiv TEXT NOT NULL DEFAULT 'Nucleo di valutazione';

CREATE TABLE relazione_performance (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    anno INTEGER NOT NULL,
    stato TEXT NOT NULL CHECK (stato IN ('bozza', 'approvata', 'validata')),
    -- L'atto del CdA che approva, nella forma normalizzata «<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>».
    atto_approvazione TEXT,
    approvata_il DATE,
    approvata_da TEXT,
    validata_il DATE,
    validazione_testo TEXT,
    validata_da TEXT,
    creata_da TEXT NOT NULL,
    creata_il TIMESTAMPTZ NOT NULL,
    revisione BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, ciclo_id, anno),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE oiv_osservazione (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    obiettivo_id UUID NOT NULL,
    indicatore_id UUID,
    testo TEXT NOT NULL,
    registrata_da TEXT NOT NULL,
    registrata_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, indicatore_id) REFERENCES indicatore (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX oiv_osservazione_per_ciclo ON oiv_osservazione (tenant_id, ciclo_id);

CREATE TABLE oiv_accertamento (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    obiettivo_id UUID NOT NULL,
    indicatore_id UUID,
    raggiungimento_e4 BIGINT NOT NULL CHECK (raggiungimento_e4 BETWEEN 0 AND 1000000),
    motivo TEXT NOT NULL,
    revisione BIGINT NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, indicatore_id) REFERENCES indicatore (tenant_id, id) ON DELETE CASCADE
);
-- Un accertamento per obiettivo e uno per indicatore.
CREATE UNIQUE INDEX oiv_accertamento_unico
    ON oiv_accertamento (tenant_id, obiettivo_id, COALESCE(indicatore_id, obiettivo_id));

CREATE TABLE oiv_proposta_direttore (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    punteggio_e4 BIGINT NOT NULL CHECK (punteggio_e4 BETWEEN 0 AND 1000000),
    testo TEXT NOT NULL,
    proposta_da TEXT NOT NULL,
    proposta_il TIMESTAMPTZ NOT NULL,
    -- La decisione del CdA, per atto.
    decisione_atto TEXT,
    decisione_punteggio_e4 BIGINT CHECK (decisione_punteggio_e4 BETWEEN 0 AND 1000000),
    decisione_da TEXT,
    decisione_il DATE,
    revisione BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, ciclo_id),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE ripartizione_fondo (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    numero BIGINT NOT NULL,
    stato TEXT NOT NULL CHECK (stato IN ('bozza', 'definitiva')),
    fondo_cent BIGINT NOT NULL,
    distribuito_cent BIGINT NOT NULL,
    checkpoint TEXT,
    regola TEXT NOT NULL,
    creata_da TEXT NOT NULL,
    creata_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, ciclo_id, numero),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);
-- Una sola ripartizione definitiva per ciclo.
CREATE UNIQUE INDEX ripartizione_fondo_definitiva
    ON ripartizione_fondo (tenant_id, ciclo_id) WHERE stato = 'definitiva';

CREATE TABLE ripartizione_fondo_riga (
    tenant_id UUID NOT NULL,
    ripartizione_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    persona_codice TEXT NOT NULL,
    persona_id UUID,
    nome TEXT NOT NULL,
    ammesso BOOLEAN NOT NULL,
    punteggio_e4 BIGINT NOT NULL,
    premio_cent BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, ripartizione_id, posizione),
    FOREIGN KEY (tenant_id, ripartizione_id) REFERENCES ripartizione_fondo (tenant_id, id)
        ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, ciclo_id, persona_id)
        REFERENCES persona (tenant_id, ciclo_id, persona_id)
);

-- Il ciclo è congelato quando una sua Relazione è validata.
CREATE VIEW ciclo_validato AS
SELECT DISTINCT tenant_id, ciclo_id FROM relazione_performance WHERE stato = 'validata';

CREATE FUNCTION ciclo_e_validato(t UUID, c UUID) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = t AND v.ciclo_id = c);
$$;

-- La Relazione validata non cambia più; approvata o validata non si cancella.
CREATE FUNCTION relazione_performance_congelata() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.stato = 'validata' THEN
        RAISE EXCEPTION 'la Relazione sulla performance è validata: non si modifica più';
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF OLD.stato <> 'bozza' THEN
            RAISE EXCEPTION 'la Relazione sulla performance è approvata o validata: non si cancella';
        END IF;
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER relazione_performance_congelata BEFORE UPDATE OR DELETE ON relazione_performance
    FOR EACH ROW EXECUTE FUNCTION relazione_performance_congelata();

-- Fatti dell'anno congelati dalla validazione: TG_ARGV[0] dice quali, per il messaggio.
CREATE FUNCTION anno_validato_rifiuta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP IN ('INSERT', 'UPDATE') AND ciclo_e_validato(NEW.tenant_id, NEW.ciclo_id))
        OR (TG_OP IN ('UPDATE', 'DELETE') AND ciclo_e_validato(OLD.tenant_id, OLD.ciclo_id)) THEN
        RAISE EXCEPTION 'la Relazione sulla performance è validata: % più', TG_ARGV[0];
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER voto_comportamento_validato BEFORE INSERT OR UPDATE OR DELETE ON voto_comportamento
    FOR EACH ROW EXECUTE FUNCTION anno_validato_rifiuta('i voti dei comportamenti non si modificano');
CREATE TRIGGER presa_visione_validato BEFORE INSERT OR UPDATE OR DELETE ON presa_visione
    FOR EACH ROW EXECUTE FUNCTION anno_validato_rifiuta('le prese visione non si modificano');
CREATE TRIGGER oiv_osservazione_validato BEFORE INSERT OR UPDATE OR DELETE ON oiv_osservazione
    FOR EACH ROW EXECUTE FUNCTION anno_validato_rifiuta('le osservazioni del Nucleo/OIV non si modificano');
CREATE TRIGGER oiv_accertamento_validato BEFORE INSERT OR UPDATE OR DELETE ON oiv_accertamento
    FOR EACH ROW EXECUTE FUNCTION anno_validato_rifiuta('i raggiungimenti accertati non si modificano');

-- Proposta di valutazione del direttore: dopo la validazione si registra solo la decisione del
-- CdA (una volta), il resto non cambia.
CREATE FUNCTION oiv_proposta_direttore_congelata() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.decisione_atto IS NULL AND NEW.decisione_atto IS NOT NULL
        AND NEW.ciclo_id = OLD.ciclo_id AND NEW.punteggio_e4 = OLD.punteggio_e4
        AND NEW.testo = OLD.testo AND NEW.proposta_da = OLD.proposta_da
        AND NEW.proposta_il = OLD.proposta_il THEN
        RETURN NEW;
    END IF;
    IF (TG_OP IN ('INSERT', 'UPDATE') AND ciclo_e_validato(NEW.tenant_id, NEW.ciclo_id))
        OR (TG_OP IN ('UPDATE', 'DELETE') AND ciclo_e_validato(OLD.tenant_id, OLD.ciclo_id)) THEN
        RAISE EXCEPTION 'la Relazione sulla performance è validata: la proposta di valutazione del direttore non si modifica più';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER oiv_proposta_direttore_congelata BEFORE INSERT OR UPDATE OR DELETE
    ON oiv_proposta_direttore FOR EACH ROW EXECUTE FUNCTION oiv_proposta_direttore_congelata();

-- Ripartizione del fondo: nasce in bozza; diventa definitiva solo dopo la validazione; la
-- definitiva non cambia e non si cancella; dopo la validazione nessuna ripartizione esistente
-- cambia (si possono ancora calcolare bozze nuove).
CREATE FUNCTION ripartizione_fondo_congelata() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.stato <> 'bozza' THEN
            RAISE EXCEPTION 'una ripartizione del fondo nasce in bozza: diventa definitiva solo dopo la validazione';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF OLD.stato = 'definitiva' THEN
            RAISE EXCEPTION 'la ripartizione definitiva del fondo non si modifica';
        END IF;
        IF NEW.stato = 'definitiva' AND NOT ciclo_e_validato(NEW.tenant_id, NEW.ciclo_id) THEN
            RAISE EXCEPTION 'il fondo diventa definitivo solo dopo la validazione della Relazione sulla performance';
        END IF;
        IF (ciclo_e_validato(OLD.tenant_id, OLD.ciclo_id) OR ciclo_e_validato(NEW.tenant_id, NEW.ciclo_id))
            AND NOT (OLD.stato = 'bozza' AND NEW.stato = 'definitiva' AND NEW.ciclo_id = OLD.ciclo_id
                AND NEW.numero = OLD.numero AND NEW.fondo_cent = OLD.fondo_cent
                AND NEW.distribuito_cent = OLD.distribuito_cent AND NEW.regola = OLD.regola) THEN
            RAISE EXCEPTION 'la Relazione sulla performance è validata: la ripartizione del fondo non si modifica più';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.stato = 'definitiva' OR ciclo_e_validato(OLD.tenant_id, OLD.ciclo_id) THEN
        RAISE EXCEPTION 'la Relazione sulla performance è validata o la ripartizione è definitiva: la ripartizione del fondo non si cancella';
    END IF;
    RETURN OLD;
END;
$$;
CREATE TRIGGER ripartizione_fondo_congelata BEFORE INSERT OR UPDATE OR DELETE ON ripartizione_fondo
    FOR EACH ROW EXECUTE FUNCTION ripartizione_fondo_congelata();

CREATE FUNCTION ripartizione_fondo_riga_congelata() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'le righe di una ripartizione del fondo non si modificano: se ne calcola una nuova';
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM ripartizione_fondo r WHERE r.tenant_id = NEW.tenant_id
                AND r.id = NEW.ripartizione_id AND r.stato = 'definitiva') THEN
            RAISE EXCEPTION 'la ripartizione definitiva del fondo non si modifica';
        END IF;
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM ripartizione_fondo r WHERE r.tenant_id = OLD.tenant_id
            AND r.id = OLD.ripartizione_id AND r.stato = 'definitiva')
        OR ciclo_e_validato(OLD.tenant_id, OLD.ciclo_id) THEN
        RAISE EXCEPTION 'la Relazione sulla performance è validata o la ripartizione è definitiva: la ripartizione del fondo non si cancella';
    END IF;
    RETURN OLD;
END;
$$;
CREATE TRIGGER ripartizione_fondo_riga_congelata BEFORE INSERT OR UPDATE OR DELETE
    ON ripartizione_fondo_riga FOR EACH ROW EXECUTE FUNCTION ripartizione_fondo_riga_congelata();
