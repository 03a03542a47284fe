print("gmemviz: under construction")
