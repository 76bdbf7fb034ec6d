-- Un atto è un'entità del ciclo, riusata ovunque sia citato (issue 8, punto 1): oltre alle
-- versioni del piano e alle dilazioni, anche l'approvazione della Relazione e la decisione del
-- CdA sulla valutazione del direttore puntano alla riga di `atto`. Il testo resta per la lettura.
ALTER TABLE relazione_performance ADD COLUMN atto_approvazione_id UUID;
ALTER TABLE oiv_proposta_direttore ADD COLUMN decisione_atto_id UUID;

-- I testi già scritti (forma normalizzata «<tipo> [<organo>] n. <numero> del <gg/mm/aaaa>") si
-- collegano all'atto del ciclo con lo stesso testo, se c'è.
UPDATE relazione_performance SET atto_approvazione_id = (
    SELECT a.id FROM atto a
    WHERE a.tenant_id = relazione_performance.tenant_id
      AND a.ciclo_id = relazione_performance.ciclo_id
      AND a.numero IS NOT NULL AND a.data IS NOT NULL
      AND lower(a.tipo || COALESCE(' ' || a.organo, '') || ' n. ' || a.numero || ' del ' || to_char(a.data, 'DD/MM/YYYY'))
          = lower(relazione_performance.atto_approvazione)
    ORDER BY a.posizione LIMIT 1)
WHERE atto_approvazione IS NOT NULL;
UPDATE oiv_proposta_direttore SET decisione_atto_id = (
    SELECT a.id FROM atto a
    WHERE a.tenant_id = oiv_proposta_direttore.tenant_id
      AND a.ciclo_id = oiv_proposta_direttore.ciclo_id
      AND a.numero IS NOT NULL AND a.data IS NOT NULL
      AND lower(a.tipo || COALESCE(' ' || a.organo, '') || ' n. ' || a.numero || ' del ' || to_char(a.data, 'DD/MM/YYYY'))
          = lower(oiv_proposta_direttore.decisione_atto)
    ORDER BY a.posizione LIMIT 1)
WHERE decisione_atto IS NOT NULL;

ALTER TABLE relazione_performance ADD CONSTRAINT relazione_performance_atto
    FOREIGN KEY (tenant_id, atto_approvazione_id) REFERENCES atto (tenant_id, id);
ALTER TABLE oiv_proposta_direttore ADD CONSTRAINT oiv_proposta_direttore_atto
    FOREIGN KEY (tenant_id, decisione_atto_id) REFERENCES atto (tenant_id, id);
