-- PEG finanziario. Ogni importazione che cambia qualcosa crea una nuova versione del bilancio
-- di un esercizio; la versione corrente è la più alta, le precedenti restano come storia.
-- Importi in centesimi interi (*_cent).
CREATE TABLE bilancio_versione (
    tenant_id BLOB NOT NULL REFERENCES ente (tenant_id),
    id BLOB NOT NULL,
    esercizio INTEGER NOT NULL,
    versione INTEGER NOT NULL,
    importato_il TEXT NOT NULL,
    fonte TEXT NOT NULL,
    formato TEXT NOT NULL,
    fpv_corrente_cent INTEGER NOT NULL,
    fpv_capitale_cent INTEGER NOT NULL,
    avanzo_cent INTEGER NOT NULL,
    avanzo_anticipato_cent INTEGER NOT NULL,
    fondo_cassa_cent INTEGER NOT NULL,
    disavanzo_cent INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, esercizio, versione)
) STRICT;

CREATE TABLE bilancio_uo (
    tenant_id BLOB NOT NULL,
    versione_id BLOB NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    nome TEXT NOT NULL,
    PRIMARY KEY (tenant_id, versione_id, codice),
    FOREIGN KEY (tenant_id, versione_id) REFERENCES bilancio_versione (tenant_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE capitolo (
    tenant_id BLOB NOT NULL,
    versione_id BLOB NOT NULL,
    posizione INTEGER NOT NULL,
    lato TEXT NOT NULL,
    codice TEXT NOT NULL,
    descrizione TEXT NOT NULL,
    uo TEXT NOT NULL,
    titolo TEXT NOT NULL,
    tipologia TEXT,
    missione TEXT,
    programma TEXT,
    anno_precedente_cent INTEGER NOT NULL,
    previsione_cent INTEGER NOT NULL,
    aumento_cent INTEGER NOT NULL,
    diminuzione_cent INTEGER NOT NULL,
    cassa_cent INTEGER NOT NULL,
    impegnato_cent INTEGER NOT NULL,
    fpv_cent INTEGER NOT NULL,
    anno2_cent INTEGER,
    anno3_cent INTEGER,
    PRIMARY KEY (tenant_id, versione_id, lato, codice),
    FOREIGN KEY (tenant_id, versione_id) REFERENCES bilancio_versione (tenant_id, id) ON DELETE CASCADE
) STRICT;

-- Collegamenti n–m tra capitoli e progetti PEG / obiettivi (per esercizio, validi per ogni
-- versione del bilancio).
CREATE TABLE capitolo_collegamento (
    tenant_id BLOB NOT NULL REFERENCES ente (tenant_id),
    esercizio INTEGER NOT NULL,
    lato TEXT NOT NULL,
    capitolo TEXT NOT NULL,
    tipo TEXT NOT NULL,
    codice TEXT NOT NULL,
    PRIMARY KEY (tenant_id, esercizio, lato, capitolo, tipo, codice)
) STRICT;
