def plugins_dict(module, plugin_type_identifier): return {}
