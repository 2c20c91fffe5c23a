def dataset_collection_description(**kwargs): return kwargs
