-- Valutazione: regole SMVP versionate, voti dei comportamenti, prese visione. Legati all'ente
-- e all'anno di inizio del ciclo (non alla riga del ciclo: reimportare il piano non li perde).
CREATE TABLE regole_smvp (
    tenant_id BLOB NOT NULL REFERENCES ente (tenant_id),
    anno_ciclo INTEGER NOT NULL,
    versione INTEGER NOT NULL,
    regole TEXT NOT NULL,
    creato_il TEXT NOT NULL,
    attore TEXT NOT NULL,
    PRIMARY KEY (tenant_id, anno_ciclo, versione)
) STRICT;

CREATE TABLE voto_comportamento (
    tenant_id BLOB NOT NULL REFERENCES ente (tenant_id),
    anno_ciclo INTEGER NOT NULL,
    persona TEXT NOT NULL,
    comportamento TEXT NOT NULL,
    voto_e4 INTEGER NOT NULL,
    registrato_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, anno_ciclo, persona, comportamento)
) STRICT;

CREATE TABLE presa_visione (
    tenant_id BLOB NOT NULL REFERENCES ente (tenant_id),
    anno_ciclo INTEGER NOT NULL,
    persona TEXT NOT NULL,
    momento TEXT NOT NULL,
    punteggio_e4 INTEGER,
    PRIMARY KEY (tenant_id, anno_ciclo, persona)
) STRICT;
