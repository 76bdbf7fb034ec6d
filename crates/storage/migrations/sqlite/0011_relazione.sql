-- La Relazione sulla performance e il Nucleo di valutazione / OIV (issue 8, punto 4).
-- La Relazione di un anno del ciclo: bozza -> approvata (atto del CdA) -> validata (dal Nucleo/OIV).
-- Il Nucleo/OIV registra osservazioni, raggiungimenti accertati (accanto a quelli dichiarati) e la
-- proposta di valutazione del direttore. Il fondo si ripartisce in bozza quando si vuole, in
-- definitiva solo dopo la validazione. Dopo la validazione i trigger congelano voti, prese visione,
-- ripartizioni del fondo e fatti del Nucleo/OIV del ciclo.

-- Come l'ente chiama il suo organismo di valutazione.
ALTER TABLE ente ADD COLUMN denominazione_oiv TEXT NOT NULL DEFAULT 'Nucleo di valutazione';

CREATE TABLE relazione_performance (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    ciclo_id BLOB NOT NULL,
    anno INTEGER NOT NULL,
    stato TEXT NOT NULL CHECK (stato IN ('bozza', 'approvata', 'validata')),
    -- L'atto del CdA che approva, nella forma normalizzata «<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>».
    atto_approvazione TEXT,
    approvata_il TEXT,
    approvata_da TEXT,
    validata_il TEXT,
    validazione_testo TEXT,
    validata_da TEXT,
    creata_da TEXT NOT NULL,
    creata_il TEXT NOT NULL,
    revisione INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, ciclo_id, anno),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE oiv_osservazione (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    ciclo_id BLOB NOT NULL,
    obiettivo_id BLOB NOT NULL,
    indicatore_id BLOB,
    testo TEXT NOT NULL,
    registrata_da TEXT NOT NULL,
    registrata_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, indicatore_id) REFERENCES indicatore (tenant_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX oiv_osservazione_per_ciclo ON oiv_osservazione (tenant_id, ciclo_id);

CREATE TABLE oiv_accertamento (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    ciclo_id BLOB NOT NULL,
    obiettivo_id BLOB NOT NULL,
    indicatore_id BLOB,
    raggiungimento_e4 INTEGER NOT NULL CHECK (raggiungimento_e4 BETWEEN 0 AND 1000000),
    motivo TEXT NOT NULL,
    revisione INTEGER NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, indicatore_id) REFERENCES indicatore (tenant_id, id) ON DELETE CASCADE
) STRICT;
-- Un accertamento per obiettivo e uno per indicatore.
CREATE UNIQUE INDEX oiv_accertamento_unico
    ON oiv_accertamento (tenant_id, obiettivo_id, COALESCE(indicatore_id, obiettivo_id));

CREATE TABLE oiv_proposta_direttore (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    ciclo_id BLOB NOT NULL,
    punteggio_e4 INTEGER NOT NULL CHECK (punteggio_e4 BETWEEN 0 AND 1000000),
    testo TEXT NOT NULL,
    proposta_da TEXT NOT NULL,
    proposta_il TEXT NOT NULL,
    -- La decisione del CdA, per atto.
    decisione_atto TEXT,
    decisione_punteggio_e4 INTEGER CHECK (decisione_punteggio_e4 BETWEEN 0 AND 1000000),
    decisione_da TEXT,
    decisione_il TEXT,
    revisione INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, ciclo_id),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE ripartizione_fondo (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    ciclo_id BLOB NOT NULL,
    numero INTEGER NOT NULL,
    stato TEXT NOT NULL CHECK (stato IN ('bozza', 'definitiva')),
    fondo_cent INTEGER NOT NULL,
    distribuito_cent INTEGER NOT NULL,
    checkpoint TEXT,
    regola TEXT NOT NULL,
    creata_da TEXT NOT NULL,
    creata_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, ciclo_id, numero),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
) STRICT;
-- Una sola ripartizione definitiva per ciclo.
CREATE UNIQUE INDEX ripartizione_fondo_definitiva
    ON ripartizione_fondo (tenant_id, ciclo_id) WHERE stato = 'definitiva';

CREATE TABLE ripartizione_fondo_riga (
    tenant_id BLOB NOT NULL,
    ripartizione_id BLOB NOT NULL,
    ciclo_id BLOB NOT NULL,
    posizione INTEGER NOT NULL,
    persona_codice TEXT NOT NULL,
    persona_id BLOB,
    nome TEXT NOT NULL,
    ammesso INTEGER NOT NULL,
    punteggio_e4 INTEGER NOT NULL,
    premio_cent INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, ripartizione_id, posizione),
    FOREIGN KEY (tenant_id, ripartizione_id) REFERENCES ripartizione_fondo (tenant_id, id)
        ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, ciclo_id, persona_id)
        REFERENCES persona (tenant_id, ciclo_id, persona_id)
) STRICT;

-- Il ciclo è congelato quando una sua Relazione è validata.
CREATE VIEW ciclo_validato AS
SELECT DISTINCT tenant_id, ciclo_id FROM relazione_performance WHERE stato = 'validata';

-- La Relazione validata non cambia più; approvata o validata non si cancella.
CREATE TRIGGER relazione_performance_validata_update BEFORE UPDATE ON relazione_performance
WHEN OLD.stato = 'validata'
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: non si modifica più');
END;
CREATE TRIGGER relazione_performance_delete BEFORE DELETE ON relazione_performance
WHEN OLD.stato <> 'bozza'
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è approvata o validata: non si cancella');
END;

-- Voti dei comportamenti.
CREATE TRIGGER voto_comportamento_validato_insert BEFORE INSERT ON voto_comportamento
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = NEW.tenant_id AND v.ciclo_id = NEW.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: i voti dei comportamenti non si modificano più');
END;
CREATE TRIGGER voto_comportamento_validato_update BEFORE UPDATE ON voto_comportamento
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = OLD.tenant_id AND v.ciclo_id IN (OLD.ciclo_id, NEW.ciclo_id))
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: i voti dei comportamenti non si modificano più');
END;
CREATE TRIGGER voto_comportamento_validato_delete BEFORE DELETE ON voto_comportamento
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = OLD.tenant_id AND v.ciclo_id = OLD.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: i voti dei comportamenti non si modificano più');
END;

-- Prese visione.
CREATE TRIGGER presa_visione_validato_insert BEFORE INSERT ON presa_visione
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = NEW.tenant_id AND v.ciclo_id = NEW.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: le prese visione non si modificano più');
END;
CREATE TRIGGER presa_visione_validato_update BEFORE UPDATE ON presa_visione
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = OLD.tenant_id AND v.ciclo_id IN (OLD.ciclo_id, NEW.ciclo_id))
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: le prese visione non si modificano più');
END;
CREATE TRIGGER presa_visione_validato_delete BEFORE DELETE ON presa_visione
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = OLD.tenant_id AND v.ciclo_id = OLD.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: le prese visione non si modificano più');
END;

-- Osservazioni del Nucleo/OIV.
CREATE TRIGGER oiv_osservazione_validato_insert BEFORE INSERT ON oiv_osservazione
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = NEW.tenant_id AND v.ciclo_id = NEW.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: le osservazioni del Nucleo/OIV non si modificano più');
END;
CREATE TRIGGER oiv_osservazione_validato_update BEFORE UPDATE ON oiv_osservazione
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = OLD.tenant_id AND v.ciclo_id IN (OLD.ciclo_id, NEW.ciclo_id))
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: le osservazioni del Nucleo/OIV non si modificano più');
END;
CREATE TRIGGER oiv_osservazione_validato_delete BEFORE DELETE ON oiv_osservazione
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = OLD.tenant_id AND v.ciclo_id = OLD.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: le osservazioni del Nucleo/OIV non si modificano più');
END;

-- Raggiungimenti accertati dal Nucleo/OIV.
CREATE TRIGGER oiv_accertamento_validato_insert BEFORE INSERT ON oiv_accertamento
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = NEW.tenant_id AND v.ciclo_id = NEW.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: i raggiungimenti accertati non si modificano più');
END;
CREATE TRIGGER oiv_accertamento_validato_update BEFORE UPDATE ON oiv_accertamento
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = OLD.tenant_id AND v.ciclo_id IN (OLD.ciclo_id, NEW.ciclo_id))
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: i raggiungimenti accertati non si modificano più');
END;
CREATE TRIGGER oiv_accertamento_validato_delete BEFORE DELETE ON oiv_accertamento
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = OLD.tenant_id AND v.ciclo_id = OLD.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: i raggiungimenti accertati non si modificano più');
END;

-- Proposta di valutazione del direttore: dopo la validazione si registra solo la decisione del
-- CdA (una volta), il resto non cambia.
CREATE TRIGGER oiv_proposta_direttore_validato_insert BEFORE INSERT ON oiv_proposta_direttore
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = NEW.tenant_id AND v.ciclo_id = NEW.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: la proposta di valutazione del direttore non si modifica più');
END;
CREATE TRIGGER oiv_proposta_direttore_validato_update BEFORE UPDATE ON oiv_proposta_direttore
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = OLD.tenant_id AND v.ciclo_id IN (OLD.ciclo_id, NEW.ciclo_id))
    AND NOT (OLD.decisione_atto IS NULL AND NEW.decisione_atto IS NOT NULL
        AND NEW.ciclo_id = OLD.ciclo_id AND NEW.punteggio_e4 = OLD.punteggio_e4
        AND NEW.testo = OLD.testo AND NEW.proposta_da = OLD.proposta_da
        AND NEW.proposta_il = OLD.proposta_il)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: la proposta di valutazione del direttore non si modifica più');
END;
CREATE TRIGGER oiv_proposta_direttore_validato_delete BEFORE DELETE ON oiv_proposta_direttore
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = OLD.tenant_id AND v.ciclo_id = OLD.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: la proposta di valutazione del direttore non si modifica più');
END;

-- Ripartizione del fondo: nasce in bozza; diventa definitiva solo dopo la validazione; la
-- definitiva non cambia e non si cancella; dopo la validazione nessuna ripartizione esistente
-- cambia (si possono ancora calcolare bozze nuove).
CREATE TRIGGER ripartizione_fondo_insert BEFORE INSERT ON ripartizione_fondo
WHEN NEW.stato <> 'bozza'
BEGIN
    SELECT RAISE(ABORT, 'una ripartizione del fondo nasce in bozza: diventa definitiva solo dopo la validazione');
END;
CREATE TRIGGER ripartizione_fondo_definitiva_update BEFORE UPDATE ON ripartizione_fondo
WHEN OLD.stato = 'definitiva'
BEGIN
    SELECT RAISE(ABORT, 'la ripartizione definitiva del fondo non si modifica');
END;
CREATE TRIGGER ripartizione_fondo_prima_della_validazione BEFORE UPDATE ON ripartizione_fondo
WHEN NEW.stato = 'definitiva' AND NOT EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = NEW.tenant_id AND v.ciclo_id = NEW.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'il fondo diventa definitivo solo dopo la validazione della Relazione sulla performance');
END;
CREATE TRIGGER ripartizione_fondo_validato_update BEFORE UPDATE ON ripartizione_fondo
WHEN EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = OLD.tenant_id AND v.ciclo_id IN (OLD.ciclo_id, NEW.ciclo_id))
    AND NOT (OLD.stato = 'bozza' AND NEW.stato = 'definitiva' AND NEW.ciclo_id = OLD.ciclo_id
        AND NEW.numero = OLD.numero AND NEW.fondo_cent = OLD.fondo_cent
        AND NEW.distribuito_cent = OLD.distribuito_cent AND NEW.regola = OLD.regola)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata: la ripartizione del fondo non si modifica più');
END;
CREATE TRIGGER ripartizione_fondo_delete BEFORE DELETE ON ripartizione_fondo
WHEN OLD.stato = 'definitiva'
    OR EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = OLD.tenant_id AND v.ciclo_id = OLD.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata o la ripartizione è definitiva: la ripartizione del fondo non si cancella');
END;
CREATE TRIGGER ripartizione_fondo_riga_insert BEFORE INSERT ON ripartizione_fondo_riga
WHEN EXISTS (SELECT 1 FROM ripartizione_fondo r WHERE r.tenant_id = NEW.tenant_id AND r.id = NEW.ripartizione_id AND r.stato = 'definitiva')
BEGIN
    SELECT RAISE(ABORT, 'la ripartizione definitiva del fondo non si modifica');
END;
CREATE TRIGGER ripartizione_fondo_riga_update BEFORE UPDATE ON ripartizione_fondo_riga
BEGIN
    SELECT RAISE(ABORT, 'le righe di una ripartizione del fondo non si modificano: se ne calcola una nuova');
END;
CREATE TRIGGER ripartizione_fondo_riga_delete BEFORE DELETE ON ripartizione_fondo_riga
WHEN EXISTS (SELECT 1 FROM ripartizione_fondo r WHERE r.tenant_id = OLD.tenant_id AND r.id = OLD.ripartizione_id AND r.stato = 'definitiva')
    OR EXISTS (SELECT 1 FROM ciclo_validato v WHERE v.tenant_id = OLD.tenant_id AND v.ciclo_id = OLD.ciclo_id)
BEGIN
    SELECT RAISE(ABORT, 'la Relazione sulla performance è validata o la ripartizione è definitiva: la ripartizione del fondo non si cancella');
END;
