-- Traguardo: schema iniziale. Ogni tabella dei dati di un ente ha tenant_id come prima colonna
-- di ogni chiave (primaria, unica, esterna): pronta per una distribuzione per ente (Citus).
-- Pesi, percentuali e punti sono interi scalati di 10^4 (colonne *_e4): niente virgola mobile.

CREATE TABLE ente (
    tenant_id UUID PRIMARY KEY,
    codice TEXT NOT NULL UNIQUE,
    nome TEXT NOT NULL,
    denominazione_estesa TEXT,
    note TEXT,
    creato_il TIMESTAMPTZ NOT NULL
);

CREATE TABLE ciclo (
    tenant_id UUID NOT NULL REFERENCES ente (tenant_id),
    id UUID NOT NULL,
    anno_inizio INTEGER NOT NULL,
    anno_fine INTEGER NOT NULL,
    anno_riferimento INTEGER,
    titolo TEXT,
    totale_punti_e4 BIGINT,
    monitoraggio TEXT NOT NULL,
    aggiornato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, anno_inizio)
);

CREATE TABLE unita_organizzativa (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    nome TEXT NOT NULL,
    livello TEXT NOT NULL,
    padre TEXT,
    responsabile TEXT,
    note TEXT,
    PRIMARY KEY (tenant_id, ciclo_id, codice),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE persona (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    cognome_nome TEXT NOT NULL,
    qualifica TEXT,
    categoria TEXT,
    ruolo TEXT,
    unita TEXT,
    part_time_e4 BIGINT,
    giorni_presenza INTEGER,
    note TEXT,
    PRIMARY KEY (tenant_id, ciclo_id, codice),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE area_strategica (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    nome TEXT NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, codice),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE obiettivo_strategico (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    testo TEXT NOT NULL,
    area TEXT,
    PRIMARY KEY (tenant_id, ciclo_id, codice),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE obiettivo_operativo (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    strategico TEXT NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    testo TEXT NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, codice),
    FOREIGN KEY (tenant_id, ciclo_id, strategico)
        REFERENCES obiettivo_strategico (tenant_id, ciclo_id, codice) ON DELETE CASCADE
);

CREATE TABLE programma_ciclo (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    programma TEXT NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, programma),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE progetto_peg (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    nome TEXT NOT NULL,
    area_strategica TEXT,
    unita TEXT,
    obiettivo_operativo TEXT,
    note TEXT,
    PRIMARY KEY (tenant_id, ciclo_id, codice),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE progetto_programma (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    progetto TEXT NOT NULL,
    posizione INTEGER NOT NULL,
    programma TEXT NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, progetto, posizione),
    FOREIGN KEY (tenant_id, ciclo_id, progetto)
        REFERENCES progetto_peg (tenant_id, ciclo_id, codice) ON DELETE CASCADE
);

CREATE TABLE servizio (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    progetto TEXT NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    nome TEXT NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, progetto, codice),
    FOREIGN KEY (tenant_id, ciclo_id, progetto)
        REFERENCES progetto_peg (tenant_id, ciclo_id, codice) ON DELETE CASCADE
);

CREATE TABLE obiettivo (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    tipo TEXT NOT NULL,
    titolo TEXT NOT NULL,
    primo_anno INTEGER,
    peso_e4 BIGINT,
    punti_e4 BIGINT,
    rilevanza_anticorruzione TEXT,
    operatori_coinvolti TEXT,
    costi TEXT,
    testi TEXT NOT NULL,
    note TEXT,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, ciclo_id, codice),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

-- Collegamenti n–m dell'obiettivo: programma, obiettivo operativo, unità (con numero locale),
-- progetto PEG, servizio (progetto + servizio).
CREATE TABLE obiettivo_collegamento (
    tenant_id UUID NOT NULL,
    obiettivo_id UUID NOT NULL,
    tipo TEXT NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    dettaglio TEXT,
    PRIMARY KEY (tenant_id, obiettivo_id, tipo, posizione),
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE step (
    tenant_id UUID NOT NULL,
    obiettivo_id UUID NOT NULL,
    id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT,
    descrizione TEXT NOT NULL,
    scadenza_testo TEXT,
    scadenza_tipo TEXT,
    scadenza_data DATE,
    indicatore TEXT,
    peso_e4 BIGINT,
    ie TEXT,
    figure_coinvolte TEXT,
    note TEXT,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, obiettivo_id, posizione),
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE
);

-- Storia delle scadenze riviste (dilazioni) di uno step.
CREATE TABLE step_revisione_scadenza (
    tenant_id UUID NOT NULL,
    step_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    scadenza_testo TEXT NOT NULL,
    scadenza_data DATE,
    motivo TEXT,
    atto TEXT,
    data DATE,
    PRIMARY KEY (tenant_id, step_id, posizione),
    FOREIGN KEY (tenant_id, step_id) REFERENCES step (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE indicatore (
    tenant_id UUID NOT NULL,
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
    PRIMARY KEY (tenant_id, obiettivo_id, posizione),
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE atto (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    tipo TEXT NOT NULL,
    organo TEXT,
    numero TEXT,
    data DATE,
    oggetto TEXT,
    PRIMARY KEY (tenant_id, ciclo_id, codice),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE assegnazione (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    persona TEXT NOT NULL,
    obiettivo TEXT NOT NULL,
    step TEXT,
    quota_e4 BIGINT,
    PRIMARY KEY (tenant_id, ciclo_id, posizione),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE nota_trascrizione (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    percorso TEXT NOT NULL,
    testo TEXT NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, posizione),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);

-- Registro delle modifiche: chi, quando, cosa, prima e dopo. Mai cancellato.
CREATE TABLE audit (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    momento TIMESTAMPTZ NOT NULL,
    attore TEXT NOT NULL,
    azione TEXT NOT NULL,
    oggetto TEXT NOT NULL,
    prima TEXT,
    dopo TEXT,
    PRIMARY KEY (tenant_id, id)
);
