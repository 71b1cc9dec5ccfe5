"""Writing the registry out: a streaming .xlsx writer (`writer.write_xlsx`)."""
