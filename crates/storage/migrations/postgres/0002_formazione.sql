-- Piano della formazione annuale per unità (seed 004, sezione 4).
CREATE TABLE formazione (
    tenant_id UUID NOT NULL,
    ciclo_id UUID NOT NULL,
    posizione INTEGER NOT NULL,
    unita TEXT,
    anno INTEGER,
    testo TEXT NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, posizione),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
);
