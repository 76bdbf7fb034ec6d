-- Monitoraggio in tabelle: checkpoint, stati degli step, valori degli indicatori, dilazioni,
-- cause degli scostamenti, relazioni, indicatori finanziari, esecuzione del bilancio.
-- Sostituisce la colonna JSON ciclo.monitoraggio.
CREATE TABLE monitoraggio_checkpoint (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    data DATE NOT NULL,
    etichetta TEXT NOT NULL,
    finale BOOLEAN NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, codice),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE monitoraggio_stato (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    checkpoint TEXT NOT NULL,
    obiettivo TEXT NOT NULL,
    step INTEGER NOT NULL,
    stato TEXT,
    percentuale_e4 BIGINT,
    testo TEXT,
    consuntivo TEXT,
    atti TEXT NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, checkpoint, obiettivo, step),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE monitoraggio_valore (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    checkpoint TEXT NOT NULL,
    obiettivo TEXT NOT NULL,
    indicatore INTEGER NOT NULL,
    valore TEXT NOT NULL,
    scostamento_stampato TEXT,
    nota TEXT,
    valutazione_e4 BIGINT,
    PRIMARY KEY (tenant_id, ciclo_id, checkpoint, obiettivo, indicatore),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE monitoraggio_dilazione (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    obiettivo TEXT NOT NULL,
    step INTEGER NOT NULL,
    checkpoint TEXT NOT NULL,
    motivo TEXT NOT NULL,
    scadenza_proposta TEXT NOT NULL,
    esito TEXT NOT NULL,
    atto TEXT,
    data_esito DATE,
    PRIMARY KEY (tenant_id, ciclo_id, posizione),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE monitoraggio_causa (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    obiettivo TEXT NOT NULL,
    step INTEGER,
    causa TEXT NOT NULL,
    testo TEXT NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, posizione),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE monitoraggio_relazione (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    checkpoint TEXT NOT NULL,
    obiettivo TEXT NOT NULL,
    testo TEXT NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, posizione),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE indicatore_finanziario (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    nome TEXT NOT NULL,
    numeratore_descrizione TEXT NOT NULL,
    numeratore_cent BIGINT NOT NULL,
    denominatore_descrizione TEXT NOT NULL,
    denominatore_cent BIGINT NOT NULL,
    target TEXT,
    valore_stampato TEXT,
    nota TEXT,
    PRIMARY KEY (tenant_id, ciclo_id, codice),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE indicatore_finanziario_rettifica (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    indicatore TEXT NOT NULL,
    posizione INTEGER NOT NULL,
    descrizione TEXT NOT NULL,
    importo_cent BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, indicatore, posizione),
    FOREIGN KEY (tenant_id, ciclo_id, indicatore)
        REFERENCES indicatore_finanziario (tenant_id, ciclo_id, codice) ON DELETE CASCADE
);

CREATE TABLE esecuzione_bilancio (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    unita TEXT NOT NULL,
    progetto TEXT NOT NULL,
    titolo TEXT NOT NULL,
    stanziamento_definitivo_cent BIGINT NOT NULL,
    stanziamento_senza_fpv_cent BIGINT NOT NULL,
    impegni_cent BIGINT NOT NULL,
    percentuale_stampata TEXT,
    PRIMARY KEY (tenant_id, ciclo_id, posizione),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE ciclo DROP COLUMN monitoraggio;
