-- Identità per la vita e fatti legati agli id.
-- Checkpoint e indicatori ricevono un id; stati, valori, dilazioni, cause e relazioni del
-- monitoraggio puntano a step, indicatori, obiettivi e checkpoint per id, con chiavi esterne,
-- invece che per codice dell'obiettivo e posizione. I dati esistenti sono riportati: le posizioni
-- di allora (da 1 nei fatti, da 0 nelle tabelle) danno l'id dello step o dell'indicatore.
-- Ogni fatto ha la sua revisione (concorrenza ottimistica) e chi l'ha scritto per ultimo.

ALTER TABLE obiettivo ADD COLUMN revisione BIGINT NOT NULL DEFAULT 1;
ALTER TABLE obiettivo ADD COLUMN aggiornato_da TEXT;
ALTER TABLE obiettivo ADD COLUMN aggiornato_il TIMESTAMPTZ;
-- Contatore dei dati del ciclo: ogni comando lo incrementa; le letture lo usano come chiave di cache.
ALTER TABLE ciclo ADD COLUMN revisione_dati BIGINT NOT NULL DEFAULT 1;

CREATE TABLE checkpoint (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    data DATE NOT NULL,
    etichetta TEXT NOT NULL,
    finale BOOLEAN NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, ciclo_id, codice),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);
INSERT INTO checkpoint (tenant_id, id, ciclo_id, posizione, codice, data, etichetta, finale)
SELECT tenant_id, gen_random_uuid(), ciclo_id, posizione, codice, data, etichetta, finale
FROM monitoraggio_checkpoint;

CREATE TABLE indicatore_nuovo (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    obiettivo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT,
    nome TEXT NOT NULL,
    descrizione TEXT,
    dimensione TEXT,
    unita_misura TEXT,
    polarita TEXT,
    baseline TEXT,
    target_testo TEXT,
    target_tipo TEXT,
    fonte TEXT,
    step TEXT,
    note TEXT,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, obiettivo_id, posizione),
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE
);
INSERT INTO indicatore_nuovo (tenant_id, id, obiettivo_id, posizione, codice, nome, descrizione,
    dimensione, unita_misura, polarita, baseline, target_testo, target_tipo, fonte, step, note)
SELECT tenant_id, gen_random_uuid(), obiettivo_id, posizione, codice, nome, descrizione,
    dimensione, unita_misura, polarita, baseline, target_testo, target_tipo, fonte, step, note
FROM indicatore;
DROP TABLE indicatore;
ALTER TABLE indicatore_nuovo RENAME TO indicatore;

CREATE TABLE stato_step (
    tenant_id UUID NOT NULL,
    step_id UUID NOT NULL,
    checkpoint_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    stato TEXT,
    percentuale_e4 BIGINT,
    testo TEXT,
    consuntivo TEXT,
    atti TEXT NOT NULL,
    revisione BIGINT NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, step_id, checkpoint_id),
    FOREIGN KEY (tenant_id, step_id) REFERENCES step (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, checkpoint_id) REFERENCES checkpoint (tenant_id, id) ON DELETE CASCADE
);
INSERT INTO stato_step (tenant_id, step_id, checkpoint_id, posizione, stato, percentuale_e4,
    testo, consuntivo, atti, revisione, aggiornato_da, aggiornato_il)
SELECT m.tenant_id, s.id, k.id, m.posizione, m.stato, m.percentuale_e4, m.testo, m.consuntivo,
    m.atti, 1, 'sistema:migrazione', now()
FROM monitoraggio_stato m
JOIN obiettivo o ON o.tenant_id = m.tenant_id AND o.ciclo_id = m.ciclo_id AND o.codice = m.obiettivo
JOIN step s ON s.tenant_id = m.tenant_id AND s.obiettivo_id = o.id AND s.posizione = m.step - 1
JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.ciclo_id = m.ciclo_id AND k.codice = m.checkpoint;

CREATE TABLE valore_indicatore (
    tenant_id UUID NOT NULL,
    indicatore_id UUID NOT NULL,
    checkpoint_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    valore TEXT NOT NULL,
    scostamento_stampato TEXT,
    nota TEXT,
    valutazione_e4 BIGINT,
    revisione BIGINT NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, indicatore_id, checkpoint_id),
    FOREIGN KEY (tenant_id, indicatore_id) REFERENCES indicatore (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, checkpoint_id) REFERENCES checkpoint (tenant_id, id) ON DELETE CASCADE
);
INSERT INTO valore_indicatore (tenant_id, indicatore_id, checkpoint_id, posizione, valore,
    scostamento_stampato, nota, valutazione_e4, revisione, aggiornato_da, aggiornato_il)
SELECT m.tenant_id, i.id, k.id, m.posizione, m.valore, m.scostamento_stampato, m.nota,
    m.valutazione_e4, 1, 'sistema:migrazione', now()
FROM monitoraggio_valore m
JOIN obiettivo o ON o.tenant_id = m.tenant_id AND o.ciclo_id = m.ciclo_id AND o.codice = m.obiettivo
JOIN indicatore i ON i.tenant_id = m.tenant_id AND i.obiettivo_id = o.id AND i.posizione = m.indicatore - 1
JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.ciclo_id = m.ciclo_id AND k.codice = m.checkpoint;

CREATE TABLE dilazione (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    step_id UUID NOT NULL,
    checkpoint_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    motivo TEXT NOT NULL,
    scadenza_proposta TEXT NOT NULL,
    esito TEXT NOT NULL,
    atto TEXT,
    data_esito DATE,
    revisione BIGINT NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, step_id) REFERENCES step (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, checkpoint_id) REFERENCES checkpoint (tenant_id, id) ON DELETE CASCADE
);
INSERT INTO dilazione (tenant_id, id, step_id, checkpoint_id, posizione, motivo,
    scadenza_proposta, esito, atto, data_esito, revisione, aggiornato_da, aggiornato_il)
SELECT m.tenant_id, gen_random_uuid(), s.id, k.id, m.posizione, m.motivo, m.scadenza_proposta,
    m.esito, m.atto, m.data_esito, 1, 'sistema:migrazione', now()
FROM monitoraggio_dilazione m
JOIN obiettivo o ON o.tenant_id = m.tenant_id AND o.ciclo_id = m.ciclo_id AND o.codice = m.obiettivo
JOIN step s ON s.tenant_id = m.tenant_id AND s.obiettivo_id = o.id AND s.posizione = m.step - 1
JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.ciclo_id = m.ciclo_id AND k.codice = m.checkpoint;

CREATE TABLE causa_scostamento (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    obiettivo_id UUID NOT NULL,
    step_id UUID,
    posizione INTEGER NOT NULL,
    causa TEXT NOT NULL,
    testo TEXT NOT NULL,
    revisione BIGINT NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, step_id) REFERENCES step (tenant_id, id) ON DELETE CASCADE
);
INSERT INTO causa_scostamento (tenant_id, id, obiettivo_id, step_id, posizione, causa, testo,
    revisione, aggiornato_da, aggiornato_il)
SELECT m.tenant_id, gen_random_uuid(), o.id, s.id, m.posizione, m.causa, m.testo,
    1, 'sistema:migrazione', now()
FROM monitoraggio_causa m
JOIN obiettivo o ON o.tenant_id = m.tenant_id AND o.ciclo_id = m.ciclo_id AND o.codice = m.obiettivo
LEFT JOIN step s ON s.tenant_id = m.tenant_id AND s.obiettivo_id = o.id AND s.posizione = m.step - 1;

CREATE TABLE relazione_obiettivo (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    obiettivo_id UUID NOT NULL,
    checkpoint_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    testo TEXT NOT NULL,
    revisione BIGINT NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, checkpoint_id) REFERENCES checkpoint (tenant_id, id) ON DELETE CASCADE
);
INSERT INTO relazione_obiettivo (tenant_id, id, obiettivo_id, checkpoint_id, posizione, testo,
    revisione, aggiornato_da, aggiornato_il)
SELECT m.tenant_id, gen_random_uuid(), o.id, k.id, m.posizione, m.testo,
    1, 'sistema:migrazione', now()
FROM monitoraggio_relazione m
JOIN obiettivo o ON o.tenant_id = m.tenant_id AND o.ciclo_id = m.ciclo_id AND o.codice = m.obiettivo
JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.ciclo_id = m.ciclo_id AND k.codice = m.checkpoint;

DROP TABLE monitoraggio_stato;
DROP TABLE monitoraggio_valore;
DROP TABLE monitoraggio_dilazione;
DROP TABLE monitoraggio_causa;
DROP TABLE monitoraggio_relazione;
DROP TABLE monitoraggio_checkpoint;

-- Chiavi di idempotenza dei comandi di creazione: un doppio tocco crea un solo elemento.
CREATE TABLE idempotenza (
    tenant_id UUID NOT NULL,
    chiave TEXT NOT NULL,
    azione TEXT NOT NULL,
    entita_id UUID NOT NULL,
    creato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, chiave),
    FOREIGN KEY (tenant_id) REFERENCES ente (tenant_id)
);
