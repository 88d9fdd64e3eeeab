"""Apache Spark batch mode: ``dossier spark extract`` (articles -> Parquet datasets of records),
``dossier load`` (Parquet -> store) and ``dossier spark link`` (duplicates, stories, ledgers as
Spark jobs). pyspark is imported only inside the functions that need it."""
