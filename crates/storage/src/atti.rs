//! Gli atti del ciclo come entità (issue 8, punto 1): un atto citato dall'approvazione di una
//! versione del piano, da una decisione sulle dilazioni, dall'approvazione della Relazione o
//! dalla decisione del CdA sul direttore è una sola riga di `atto`, trovata o creata qui, dentro
//! la transazione della scrittura che lo cita.

use crate::nucleo::{Fallimento, esegui, riga};
use crate::{StorePostgres, StoreSqlite, nuovo_id};
use traguardo_domain::piano::Atto;
use uuid::Uuid;

/// Lo stesso atto: tipo e organo (maiuscole indifferenti), numero e data.
const ATTO_UGUALE: &str = "SELECT id FROM atto WHERE tenant_id = $1 AND ciclo_id = $2 \
     AND LOWER(tipo) = LOWER($3) AND LOWER(COALESCE(organo, '')) = LOWER(COALESCE($4, '')) \
     AND numero = $5 AND data = $6 ORDER BY posizione LIMIT 1";
const ATTO_PER_CODICE: &str =
    "SELECT id FROM atto WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = $3";
const ATTO_INSERISCI: &str = "INSERT INTO atto (tenant_id, ciclo_id, id, posizione, codice, tipo, organo, numero, data, oggetto) \
     VALUES ($1, $2, $3, (SELECT COALESCE(MAX(x.posizione), -1) + 1 FROM atto x WHERE x.tenant_id = $1 AND x.ciclo_id = $2), $4, $5, $6, $7, $8, $9) \
     ON CONFLICT (tenant_id, ciclo_id, codice) DO NOTHING";

#[derive(sqlx::FromRow)]
struct RigaIdAtto {
    id: Uuid,
}

macro_rules! atti_sql {
    ($nome:ident, $db:ty) => {
        impl $nome {
            /// L'id dell'atto del ciclo uguale ad `a` (stessi tipo, organo, numero e data, o
            /// stesso codice); se non c'è, lo crea con il codice e l'oggetto di `a`. Due
            /// scritture concorrenti dello stesso atto ne creano uno solo (il codice è unico nel
            /// ciclo).
            pub(crate) async fn trova_o_crea_atto(
                tx: &mut sqlx::Transaction<'static, $db>,
                t: Uuid,
                ciclo: Uuid,
                a: &Atto,
            ) -> Result<Uuid, Fallimento> {
                if let (Some(numero), Some(data)) = (&a.numero, a.data)
                    && let Some(r) = riga!(
                        tx,
                        RigaIdAtto,
                        ATTO_UGUALE,
                        t,
                        ciclo,
                        &a.tipo,
                        &a.organo,
                        numero,
                        data
                    )
                {
                    return Ok(r.id);
                }
                if let Some(r) = riga!(tx, RigaIdAtto, ATTO_PER_CODICE, t, ciclo, &a.codice) {
                    return Ok(r.id);
                }
                esegui!(
                    tx,
                    ATTO_INSERISCI,
                    t,
                    ciclo,
                    nuovo_id(),
                    &a.codice,
                    &a.tipo,
                    &a.organo,
                    &a.numero,
                    a.data,
                    &a.oggetto
                );
                riga!(tx, RigaIdAtto, ATTO_PER_CODICE, t, ciclo, &a.codice)
                    .map(|r| r.id)
                    .ok_or_else(|| Fallimento::corrotto("atto appena scritto mancante"))
            }
        }
    };
}

atti_sql!(StoreSqlite, sqlx::Sqlite);
atti_sql!(StorePostgres, sqlx::Postgres);
