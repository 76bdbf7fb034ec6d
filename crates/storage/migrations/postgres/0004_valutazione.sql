-- Valutazione: regole SMVP versionate, voti dei comportamenti, prese visione. Legati all'ente
-- e all'anno di inizio del ciclo (non alla riga del ciclo: reimportare il piano non li perde).
CREATE TABLE regole_smvp (
    tenant_id UUID NOT NULL REFERENCES ente (tenant_id),
    anno_ciclo INTEGER NOT NULL,
    versione INTEGER NOT NULL,
    regole TEXT NOT NULL,
    creato_il TIMESTAMPTZ NOT NULL,
    attore TEXT NOT NULL,
    PRIMARY KEY (tenant_id, anno_ciclo, versione)
);

CREATE TABLE voto_comportamento (
    tenant_id UUID NOT NULL REFERENCES ente (tenant_id),
    anno_ciclo INTEGER NOT NULL,
    persona TEXT NOT NULL,
    comportamento TEXT NOT NULL,
    voto_e4 BIGINT NOT NULL,
    registrato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, anno_ciclo, persona, comportamento)
);

CREATE TABLE presa_visione (
    tenant_id UUID NOT NULL REFERENCES ente (tenant_id),
    anno_ciclo INTEGER NOT NULL,
    persona TEXT NOT NULL,
    momento TIMESTAMPTZ NOT NULL,
    punteggio_e4 BIGINT,
    PRIMARY KEY (tenant_id, anno_ciclo, persona)
);
