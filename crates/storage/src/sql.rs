//! Il testo SQL, uno solo per SQLite e PostgreSQL (`$n`, `ON CONFLICT`, niente funzioni di data
//! del database). Ogni query su dati di un ente filtra per `tenant_id`.

pub const ENTE_INSERISCI: &str =
    "INSERT INTO ente (tenant_id, codice, nome, creato_il) VALUES ($1, $2, $3, $4)";
pub const ENTE_PER_CODICE: &str =
    "SELECT tenant_id, codice, nome, denominazione_estesa, note FROM ente WHERE codice = $1";
pub const ENTE_PER_ID: &str =
    "SELECT tenant_id, codice, nome, denominazione_estesa, note FROM ente WHERE tenant_id = $1";
pub const ENTI: &str =
    "SELECT tenant_id, codice, nome, denominazione_estesa, note FROM ente ORDER BY codice";
pub const ENTE_AGGIORNA: &str =
    "UPDATE ente SET nome = $2, denominazione_estesa = $3, note = $4 WHERE tenant_id = $1";

pub const AUDIT_INSERISCI: &str = "INSERT INTO audit (tenant_id, id, momento, attore, azione, oggetto, prima, dopo) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
pub const AUDIT_ELENCO: &str = "SELECT momento, attore, azione, oggetto, prima, dopo FROM audit WHERE tenant_id = $1 ORDER BY momento, id";

pub const CICLO_CANCELLA: &str = "DELETE FROM ciclo WHERE tenant_id = $1 AND anno_inizio = $2";
pub const CICLO_INSERISCI: &str = "INSERT INTO ciclo (tenant_id, id, anno_inizio, anno_fine, anno_riferimento, titolo, totale_punti_e4, aggiornato_il) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
pub const CICLO_PER_ANNO: &str = "SELECT id, anno_inizio, anno_fine, anno_riferimento, titolo, totale_punti_e4 FROM ciclo WHERE tenant_id = $1 AND anno_inizio = $2";
pub const CICLI: &str = "SELECT c.anno_inizio, c.anno_fine, c.titolo, \
     (SELECT COUNT(*) FROM obiettivo o WHERE o.tenant_id = c.tenant_id AND o.ciclo_id = c.id) AS obiettivi, \
     c.aggiornato_il FROM ciclo c WHERE c.tenant_id = $1 ORDER BY c.anno_inizio";

pub const UNITA_INSERISCI: &str = "INSERT INTO unita_organizzativa (tenant_id, ciclo_id, posizione, codice, nome, livello, padre, responsabile, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
pub const UNITA: &str = "SELECT codice, nome, livello, padre, responsabile, note FROM unita_organizzativa WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const PERSONA_INSERISCI: &str = "INSERT INTO persona (tenant_id, ciclo_id, posizione, codice, cognome_nome, qualifica, categoria, ruolo, unita, part_time_e4, giorni_presenza, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
pub const PERSONE: &str = "SELECT codice, cognome_nome, qualifica, categoria, ruolo, unita, part_time_e4, giorni_presenza, note FROM persona WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const AREA_INSERISCI: &str = "INSERT INTO area_strategica (tenant_id, ciclo_id, posizione, codice, nome) VALUES ($1, $2, $3, $4, $5)";
pub const AREE: &str = "SELECT codice, nome FROM area_strategica WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const STRATEGICO_INSERISCI: &str = "INSERT INTO obiettivo_strategico (tenant_id, ciclo_id, posizione, codice, testo, area) VALUES ($1, $2, $3, $4, $5, $6)";
pub const STRATEGICI: &str = "SELECT codice, testo, area FROM obiettivo_strategico WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const OPERATIVO_INSERISCI: &str = "INSERT INTO obiettivo_operativo (tenant_id, ciclo_id, strategico, posizione, codice, testo) VALUES ($1, $2, $3, $4, $5, $6)";
pub const OPERATIVI: &str = "SELECT strategico, codice, testo FROM obiettivo_operativo WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const PROGRAMMA_CICLO_INSERISCI: &str = "INSERT INTO programma_ciclo (tenant_id, ciclo_id, posizione, programma) VALUES ($1, $2, $3, $4)";
pub const PROGRAMMI_CICLO: &str = "SELECT programma FROM programma_ciclo WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const PROGETTO_INSERISCI: &str = "INSERT INTO progetto_peg (tenant_id, ciclo_id, posizione, codice, nome, area_strategica, unita, obiettivo_operativo, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
pub const PROGETTI: &str = "SELECT codice, nome, area_strategica, unita, obiettivo_operativo, note FROM progetto_peg WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const PROGETTO_PROGRAMMA_INSERISCI: &str = "INSERT INTO progetto_programma (tenant_id, ciclo_id, progetto, posizione, programma) VALUES ($1, $2, $3, $4, $5)";
pub const PROGETTO_PROGRAMMI: &str = "SELECT progetto, programma FROM progetto_programma WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY progetto, posizione";
pub const SERVIZIO_INSERISCI: &str = "INSERT INTO servizio (tenant_id, ciclo_id, progetto, posizione, codice, nome) VALUES ($1, $2, $3, $4, $5, $6)";
pub const SERVIZI: &str = "SELECT progetto, codice, nome FROM servizio WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY progetto, posizione";

pub const OBIETTIVO_INSERISCI: &str = "INSERT INTO obiettivo (tenant_id, ciclo_id, id, posizione, codice, tipo, titolo, primo_anno, peso_e4, punti_e4, rilevanza_anticorruzione, operatori_coinvolti, costi, testi, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
pub const OBIETTIVI: &str = "SELECT id, codice, tipo, titolo, primo_anno, peso_e4, punti_e4, rilevanza_anticorruzione, operatori_coinvolti, costi, testi, note FROM obiettivo WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const COLLEGAMENTO_INSERISCI: &str = "INSERT INTO obiettivo_collegamento (tenant_id, obiettivo_id, tipo, posizione, codice, dettaglio) VALUES ($1, $2, $3, $4, $5, $6)";
pub const COLLEGAMENTI: &str = "SELECT l.obiettivo_id, l.tipo, l.codice, l.dettaglio FROM obiettivo_collegamento l \
     JOIN obiettivo o ON o.tenant_id = l.tenant_id AND o.id = l.obiettivo_id \
     WHERE l.tenant_id = $1 AND o.ciclo_id = $2 ORDER BY l.tipo, l.posizione";

pub const STEP_INSERISCI: &str = "INSERT INTO step (tenant_id, obiettivo_id, id, posizione, codice, descrizione, scadenza_testo, scadenza_tipo, scadenza_data, indicatore, peso_e4, ie, figure_coinvolte, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
pub const STEPS: &str = "SELECT s.obiettivo_id, s.id, s.codice, s.descrizione, s.scadenza_testo, s.indicatore, s.peso_e4, s.ie, s.figure_coinvolte, s.note \
     FROM step s JOIN obiettivo o ON o.tenant_id = s.tenant_id AND o.id = s.obiettivo_id \
     WHERE s.tenant_id = $1 AND o.ciclo_id = $2 ORDER BY s.posizione";
pub const REVISIONE_INSERISCI: &str = "INSERT INTO step_revisione_scadenza (tenant_id, step_id, posizione, scadenza_testo, scadenza_data, motivo, atto, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
pub const REVISIONI: &str = "SELECT r.step_id, r.scadenza_testo, r.motivo, r.atto, r.data FROM step_revisione_scadenza r \
     JOIN step s ON s.tenant_id = r.tenant_id AND s.id = r.step_id \
     JOIN obiettivo o ON o.tenant_id = s.tenant_id AND o.id = s.obiettivo_id \
     WHERE r.tenant_id = $1 AND o.ciclo_id = $2 ORDER BY r.posizione";

pub const INDICATORE_INSERISCI: &str = "INSERT INTO indicatore (tenant_id, obiettivo_id, posizione, codice, nome, descrizione, dimensione, unita_misura, polarita, baseline, target_testo, target_tipo, fonte, step, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
pub const INDICATORI: &str = "SELECT i.obiettivo_id, i.codice, i.nome, i.descrizione, i.dimensione, i.unita_misura, i.polarita, i.baseline, i.target_testo, i.fonte, i.step, i.note \
     FROM indicatore i JOIN obiettivo o ON o.tenant_id = i.tenant_id AND o.id = i.obiettivo_id \
     WHERE i.tenant_id = $1 AND o.ciclo_id = $2 ORDER BY i.posizione";

pub const ATTO_INSERISCI: &str = "INSERT INTO atto (tenant_id, ciclo_id, posizione, codice, tipo, organo, numero, data, oggetto) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
pub const ATTI: &str = "SELECT codice, tipo, organo, numero, data, oggetto FROM atto WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const ASSEGNAZIONE_INSERISCI: &str = "INSERT INTO assegnazione (tenant_id, ciclo_id, posizione, persona, obiettivo, step, quota_e4) VALUES ($1, $2, $3, $4, $5, $6, $7)";
pub const ASSEGNAZIONI: &str = "SELECT persona, obiettivo, step, quota_e4 FROM assegnazione WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const NOTA_INSERISCI: &str = "INSERT INTO nota_trascrizione (tenant_id, ciclo_id, posizione, percorso, testo) VALUES ($1, $2, $3, $4, $5)";
pub const NOTE: &str = "SELECT percorso, testo FROM nota_trascrizione WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const FORMAZIONE_INSERISCI: &str = "INSERT INTO formazione (tenant_id, ciclo_id, posizione, unita, anno, testo) VALUES ($1, $2, $3, $4, $5, $6)";
pub const FORMAZIONE: &str = "SELECT unita, anno, testo FROM formazione WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const BIL_ULTIMA_VERSIONE: &str = "SELECT COALESCE(MAX(versione), 0) AS versione FROM bilancio_versione WHERE tenant_id = $1 AND esercizio = $2";
pub const BIL_VERSIONE_INSERISCI: &str = "INSERT INTO bilancio_versione (tenant_id, id, esercizio, versione, importato_il, fonte, formato, fpv_corrente_cent, fpv_capitale_cent, avanzo_cent, avanzo_anticipato_cent, fondo_cassa_cent, disavanzo_cent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
pub const BIL_UO_INSERISCI: &str = "INSERT INTO bilancio_uo (tenant_id, versione_id, posizione, codice, nome) VALUES ($1, $2, $3, $4, $5)";
pub const BIL_CAPITOLO_INSERISCI: &str = "INSERT INTO capitolo (tenant_id, versione_id, posizione, lato, codice, descrizione, uo, titolo, tipologia, missione, programma, anno_precedente_cent, previsione_cent, aumento_cent, diminuzione_cent, cassa_cent, impegnato_cent, fpv_cent, anno2_cent, anno3_cent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)";
pub const BIL_VERSIONE: &str = "SELECT id, esercizio, fpv_corrente_cent, fpv_capitale_cent, avanzo_cent, avanzo_anticipato_cent, fondo_cassa_cent, disavanzo_cent FROM bilancio_versione WHERE tenant_id = $1 AND esercizio = $2 AND versione = $3";
pub const BIL_UO: &str = "SELECT codice, nome FROM bilancio_uo WHERE tenant_id = $1 AND versione_id = $2 ORDER BY posizione";
pub const BIL_CAPITOLI: &str = "SELECT lato, codice, descrizione, uo, titolo, tipologia, missione, programma, anno_precedente_cent, previsione_cent, aumento_cent, diminuzione_cent, cassa_cent, impegnato_cent, fpv_cent, anno2_cent, anno3_cent FROM capitolo WHERE tenant_id = $1 AND versione_id = $2 ORDER BY posizione";
pub const BIL_VERSIONI: &str = "SELECT v.esercizio, v.versione, v.importato_il, v.fonte, v.formato, \
     (SELECT COUNT(*) FROM capitolo c WHERE c.tenant_id = v.tenant_id AND c.versione_id = v.id) AS capitoli \
     FROM bilancio_versione v WHERE v.tenant_id = $1 AND v.esercizio = $2 ORDER BY v.versione";
pub const BIL_COLLEGAMENTI_CANCELLA: &str =
    "DELETE FROM capitolo_collegamento WHERE tenant_id = $1 AND esercizio = $2";
pub const BIL_COLLEGAMENTO_INSERISCI: &str = "INSERT INTO capitolo_collegamento (tenant_id, esercizio, lato, capitolo, tipo, codice) VALUES ($1, $2, $3, $4, $5, $6)";
pub const BIL_COLLEGAMENTI: &str = "SELECT lato, capitolo, tipo, codice FROM capitolo_collegamento WHERE tenant_id = $1 AND esercizio = $2 ORDER BY lato, capitolo, tipo, codice";

pub const REGOLE_CORRENTI: &str = "SELECT versione, regole, creato_il, attore FROM regole_smvp WHERE tenant_id = $1 AND anno_ciclo = $2 ORDER BY versione DESC LIMIT 1";
pub const REGOLE_INSERISCI: &str = "INSERT INTO regole_smvp (tenant_id, anno_ciclo, versione, regole, creato_il, attore) VALUES ($1, $2, $3, $4, $5, $6)";
pub const VOTI: &str = "SELECT persona, comportamento, voto_e4 FROM voto_comportamento WHERE tenant_id = $1 AND anno_ciclo = $2 ORDER BY persona, comportamento";
pub const VOTO_INSERISCI: &str = "INSERT INTO voto_comportamento (tenant_id, anno_ciclo, persona, comportamento, voto_e4, registrato_il) VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT (tenant_id, anno_ciclo, persona, comportamento) DO UPDATE SET voto_e4 = excluded.voto_e4, registrato_il = excluded.registrato_il";
pub const PRESE_VISIONE: &str = "SELECT persona, momento, punteggio_e4 FROM presa_visione WHERE tenant_id = $1 AND anno_ciclo = $2 ORDER BY persona";
pub const PRESA_VISIONE_INSERISCI: &str = "INSERT INTO presa_visione (tenant_id, anno_ciclo, persona, momento, punteggio_e4) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (tenant_id, anno_ciclo, persona) DO UPDATE SET momento = excluded.momento, punteggio_e4 = excluded.punteggio_e4";

pub const MON_CHECKPOINT_INSERISCI: &str = "INSERT INTO monitoraggio_checkpoint (tenant_id, ciclo_id, posizione, codice, data, etichetta, finale) VALUES ($1, $2, $3, $4, $5, $6, $7)";
pub const MON_CHECKPOINT: &str = "SELECT codice, data, etichetta, finale FROM monitoraggio_checkpoint WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const MON_STATO_INSERISCI: &str = "INSERT INTO monitoraggio_stato (tenant_id, ciclo_id, posizione, checkpoint, obiettivo, step, stato, percentuale_e4, testo, consuntivo, atti) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
pub const MON_STATI: &str = "SELECT checkpoint, obiettivo, step, stato, percentuale_e4, testo, consuntivo, atti FROM monitoraggio_stato WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const MON_VALORE_INSERISCI: &str = "INSERT INTO monitoraggio_valore (tenant_id, ciclo_id, posizione, checkpoint, obiettivo, indicatore, valore, scostamento_stampato, nota, valutazione_e4) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
pub const MON_VALORI: &str = "SELECT checkpoint, obiettivo, indicatore, valore, scostamento_stampato, nota, valutazione_e4 FROM monitoraggio_valore WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const MON_DILAZIONE_INSERISCI: &str = "INSERT INTO monitoraggio_dilazione (tenant_id, ciclo_id, posizione, obiettivo, step, checkpoint, motivo, scadenza_proposta, esito, atto, data_esito) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
pub const MON_DILAZIONI: &str = "SELECT obiettivo, step, checkpoint, motivo, scadenza_proposta, esito, atto, data_esito FROM monitoraggio_dilazione WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const MON_CAUSA_INSERISCI: &str = "INSERT INTO monitoraggio_causa (tenant_id, ciclo_id, posizione, obiettivo, step, causa, testo) VALUES ($1, $2, $3, $4, $5, $6, $7)";
pub const MON_CAUSE: &str = "SELECT obiettivo, step, causa, testo FROM monitoraggio_causa WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const MON_RELAZIONE_INSERISCI: &str = "INSERT INTO monitoraggio_relazione (tenant_id, ciclo_id, posizione, checkpoint, obiettivo, testo) VALUES ($1, $2, $3, $4, $5, $6)";
pub const MON_RELAZIONI: &str = "SELECT checkpoint, obiettivo, testo FROM monitoraggio_relazione WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const IND_FIN_INSERISCI: &str = "INSERT INTO indicatore_finanziario (tenant_id, ciclo_id, posizione, codice, nome, numeratore_descrizione, numeratore_cent, denominatore_descrizione, denominatore_cent, target, valore_stampato, nota) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
pub const IND_FIN: &str = "SELECT codice, nome, numeratore_descrizione, numeratore_cent, denominatore_descrizione, denominatore_cent, target, valore_stampato, nota FROM indicatore_finanziario WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const IND_FIN_RETTIFICA_INSERISCI: &str = "INSERT INTO indicatore_finanziario_rettifica (tenant_id, ciclo_id, indicatore, posizione, descrizione, importo_cent) VALUES ($1, $2, $3, $4, $5, $6)";
pub const IND_FIN_RETTIFICHE: &str = "SELECT indicatore, descrizione, importo_cent FROM indicatore_finanziario_rettifica WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY indicatore, posizione";
pub const ESECUZIONE_INSERISCI: &str = "INSERT INTO esecuzione_bilancio (tenant_id, ciclo_id, posizione, unita, progetto, titolo, stanziamento_definitivo_cent, stanziamento_senza_fpv_cent, impegni_cent, percentuale_stampata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
pub const ESECUZIONE: &str = "SELECT unita, progetto, titolo, stanziamento_definitivo_cent, stanziamento_senza_fpv_cent, impegni_cent, percentuale_stampata FROM esecuzione_bilancio WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
